"""The demo's contact texts, on SQLite and PostgreSQL: every evaluated chat and e-mail and every
calibration call has a transcript, some evaluated calls have notes, the evaluation form shows
them, nothing holds a card number, and a second run adds nothing and keeps what is stored."""

import re
from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.audit.models import AuditEntry
from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.democentre import quality_texts
from switchboard.democentre.centre import QUEUES
from switchboard.democentre.coaching import plan_coaching
from switchboard.democentre.generate import DemoRequest, Generated, generate
from switchboard.democentre.loading import load_files
from switchboard.democentre.quality import SeededQuality, seed_quality
from switchboard.democentre.quality_texts import seed_texts
from switchboard.democentre.signins import set_up_people
from switchboard.domain.quality.lifecycle import EvaluationKind
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.models import Evaluation
from switchboard.interactions.models import Interaction, InteractionText, TextKind
from switchboard.people.models import Channel, Role

CENTRE = DemoRequest(weeks=3, agents=16, seed=2, today=date(2026, 11, 25))
CARD_NUMBER = re.compile(r"\d[\d -]{11,}\d")


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate(CENTRE, tmp_path_factory.mktemp("texts-centre"))


def seed(engine: Engine, centre: Generated) -> SeededQuality:
    calendar, staff = CENTRE.calendar(), centre.centre.staff
    with unit_of_work(engine) as session:
        people = set_up_people(session=session, staff=staff, timezone=CENTRE.timezone)
        return seed_quality(
            session=session, people=people, staff=staff, calendar=calendar,
            coaching=plan_coaching(calendar, staff), timezone=CENTRE.timezone, seed=CENTRE.seed,
        )  # fmt: skip


def texts(session: Session) -> dict[tuple[int, TextKind], str]:
    return {(t.interaction_id, t.kind): t.body for t in session.scalars(select(InteractionText))}


def test_every_demo_reason_has_its_template_and_none_holds_a_card_number() -> None:
    for queue in QUEUES:
        templates = {"chat": set(quality_texts.CHAT), "email": set(quality_texts.EMAIL),
                     "voice": set(quality_texts.NOTES)}[queue.channel]  # fmt: skip
        assert {reason for reason, _ in queue.reasons} <= templates
    everything = [*quality_texts.NOTES.values(), *quality_texts.GENERIC]
    for group in (quality_texts.CHAT, quality_texts.EMAIL):
        everything += [line for lines in group.values() for line in lines]
    everything += [line for lines in quality_texts.CALIBRATION for line in lines]
    assert not [line for line in everything if CARD_NUMBER.search(line)]
    assert len(quality_texts.CALIBRATION) == 6


def test_the_demo_gives_its_evaluated_contacts_texts_once(
    engine: Engine, settings: Settings, centre: Generated
) -> None:
    load_files(engine, centre.files, settings)
    seeded = seed(engine, centre)
    with unit_of_work(engine) as session:
        stored = texts(session)
        assert seeded.texts == len(stored) > 0
        evaluated = {e.interaction_id: e.kind for e in session.scalars(select(Evaluation))}
        contacts = {c.id: c for c in session.scalars(
            select(Interaction).where(Interaction.id.in_(evaluated)))}  # fmt: skip
        written = {c.id for c in contacts.values() if c.channel in (Channel.CHAT, Channel.EMAIL)}
        calls = {i for i, kind in evaluated.items() if kind is EvaluationKind.CALIBRATION}
        assert written
        assert len(calls) == 6
        transcripts = {i for i, kind in stored if kind is TextKind.TRANSCRIPT}
        assert transcripts == written | calls
        noted = {i for i, kind in stored if kind is TextKind.NOTES}
        voice = {i for i, c in contacts.items() if c.channel is Channel.VOICE}
        assert noted < voice
        assert len(noted) > len(voice) / 4
        assert all(
            line.startswith(("Customer: ", "Agent: "))
            for (_, kind), body in stored.items()
            if kind is TextKind.TRANSCRIPT
            for line in body.splitlines()
        )
        assert not [body for body in stored.values() if CARD_NUMBER.search(body)]
        a_chat = min(i for i in written if contacts[i].channel is Channel.CHAT)
        shown = evaluation_service.contact_context(
            session=session, viewer=Viewer(user_id=1, role=Role.ADMIN), interaction_id=a_chat
        )
        assert [t.body for t in shown.texts] == [stored[(a_chat, TextKind.TRANSCRIPT)]]
        # A text already there (imported, or edited since) is kept as it is.
        kept = session.get_one(InteractionText, (a_chat, TextKind.TRANSCRIPT))
        kept.body = "Customer: imported before the demo was seeded"
    assert seed(engine, centre) == SeededQuality()
    with unit_of_work(engine) as session:
        assert seed_texts(session=session, seed=CENTRE.seed) == 0
    with unit_of_work(engine) as session:
        after = texts(session)
        seeded_rows = session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "interaction_texts")).all()  # fmt: skip
    assert after == stored | {
        (a_chat, TextKind.TRANSCRIPT): "Customer: imported before the demo was seeded"
    }
    assert [row.details for row in seeded_rows] == [
        {"change": "texts_seeded", "created": len(stored)}
    ]
