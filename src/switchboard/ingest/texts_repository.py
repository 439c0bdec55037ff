"""Every query the texts import makes: contacts by natural key, stored texts, bulk writes.

Bodies are read and written as plain rows, never as loaded objects, so a long file does not
fill the session's identity map with transcripts.
"""

from collections.abc import Collection, Sequence
from typing import TypedDict

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from switchboard.interactions.models import Interaction, InteractionText, TextKind

TextKey = tuple[int, TextKind]
"""A stored text's primary key: the contact's id and the kind of text."""


class TextValues(TypedDict):
    interaction_id: int
    kind: TextKind
    body: str


def interaction_ids(
    session: Session, source_system: str, source_ids: Collection[str]
) -> dict[str, int]:
    """The ids of the stored contacts of ``source_system`` among ``source_ids``, by source id."""
    i = Interaction
    query = select(i.source_id, i.id).where(
        i.source_system == source_system, i.source_id.in_(sorted(source_ids))
    )
    return {source_id: interaction_id for source_id, interaction_id in session.execute(query)}


def bodies(session: Session, ids: Collection[int]) -> dict[TextKey, str]:
    """Every stored text of the contacts ``ids``, by key."""
    t = InteractionText
    query = select(t.interaction_id, t.kind, t.body).where(t.interaction_id.in_(sorted(ids)))
    return {(row.interaction_id, row.kind): row.body for row in session.execute(query)}


def add_texts(session: Session, rows: Sequence[TextValues]) -> None:
    if rows:
        session.execute(insert(InteractionText), list(rows))


def replace_bodies(session: Session, rows: Sequence[TextValues]) -> None:
    """Each row's body replaces the stored one with its key (a bulk UPDATE by primary key)."""
    if rows:
        session.execute(update(InteractionText), list(rows))
