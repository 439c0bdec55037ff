"""What the API answers about the signed-in user."""

from pydantic import BaseModel, ConfigDict

from switchboard.people.models import Role


class CurrentUserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
