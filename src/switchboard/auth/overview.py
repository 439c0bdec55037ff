"""Who can sign in: the lines of ``switchboard users list`` (and, later, an admin page)."""

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from switchboard.auth import repository as repo
from switchboard.kit.clock import utcnow


@dataclass(frozen=True)
class UserLine:
    username: str
    display_name: str
    role: str
    site: str | None
    active: bool
    has_password: bool
    locked_until: datetime | None
    api_tokens: int
    """live (unrevoked) API tokens"""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["locked_until"] = self.locked_until.isoformat() if self.locked_until else None
        return data


def user_lines(*, session: Session, now: datetime | None = None) -> list[UserLine]:
    now = now or utcnow()
    tokens = repo.live_api_token_counts(session)
    lines = []
    for user, credential, site in repo.users_with_credentials(session):
        locked = credential.locked_until if credential is not None else None
        lines.append(
            UserLine(
                username=user.username,
                display_name=user.display_name,
                role=user.role.value,
                site=site.name if site else None,
                active=user.active,
                has_password=credential is not None,
                locked_until=locked if locked is not None and locked > now else None,
                api_tokens=tokens.get(user.id, 0),
            )
        )
    return lines
