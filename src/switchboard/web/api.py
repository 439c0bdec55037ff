"""The API's first route: who am I. Data routes come from the feature packages."""

from fastapi import APIRouter

from switchboard.web.identity import ApiUser
from switchboard.web.schemas import CurrentUserRead

API_PREFIX = "/api/v1"
router = APIRouter(prefix=API_PREFIX, tags=["me"])


@router.get("/me", response_model=CurrentUserRead)
def me(user: ApiUser) -> CurrentUserRead:
    """The user behind the bearer token or session cookie."""
    return CurrentUserRead.model_validate(user)
