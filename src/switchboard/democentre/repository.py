"""The demo centre's one query: whether the store already holds it."""

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from switchboard.interactions.models import Interaction


def has_contacts_from(session: Session, source_system: str) -> bool:
    found = session.scalar(select(exists().where(Interaction.source_system == source_system)))
    return bool(found)
