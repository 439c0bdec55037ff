"""The reflective log: an agent's STAR entries (Situation, Task, Action, Result), each linked to
the records that evidence it.

Only the agent writes their own log. Whoever may see the agent's development records reads it
(their team leader, a manager of their site, an administrator), through the access policy.
Evidence must be the agent's own record (:func:`repository.is_agents_own`): a reflection
cannot borrow a colleague's contact or someone else's feedback.
"""

from sqlalchemy.orm import Session

from switchboard.access.policy import require
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.kit.errors import ForbiddenError, InputError, Location, NotFoundError
from switchboard.people.models import Agent
from switchboard.reflections import repository
from switchboard.reflections.models import Reflection
from switchboard.reflections.schemas import (
    STAR,
    EvidenceIn,
    EvidenceRead,
    ReflectionCreate,
    ReflectionRead,
    ReflectionUpdate,
)


def create(*, session: Session, viewer: Viewer, reflection_in: ReflectionCreate) -> Reflection:
    """A new entry in the viewer's own log."""
    owner = _own_agent(session, viewer)
    evidence = _checked(session, owner, reflection_in.evidence)
    reflection = Reflection(agent_id=owner.id, **reflection_in.model_dump(include=set(STAR)))
    repository.add(session, reflection, evidence)
    _audit(session, viewer, reflection, "reflection_created", len(evidence))
    return reflection


def update(
    *, session: Session, viewer: Viewer, reflection_id: int, reflection_in: ReflectionUpdate
) -> Reflection:
    reflection = _own_entry(session, viewer, reflection_id)
    for part in STAR:
        value = getattr(reflection_in, part)
        if value is not None:
            setattr(reflection, part, value)
    count = None
    if reflection_in.evidence is not None:
        owner = _own_agent(session, viewer)
        evidence = _checked(session, owner, reflection_in.evidence)
        repository.replace_evidence(session, reflection.id, evidence)
        count = len(evidence)
    session.flush()
    _audit(session, viewer, reflection, "reflection_updated", count)
    return reflection


def delete(*, session: Session, viewer: Viewer, reflection_id: int) -> None:
    reflection = _own_entry(session, viewer, reflection_id)
    _audit(session, viewer, reflection, "reflection_deleted", None)
    repository.remove(session, reflection)


def get(*, session: Session, viewer: Viewer, reflection_id: int) -> Reflection:
    require(viewer, repository.KIND)
    found = repository.visible_one(session, viewer, reflection_id)
    if found is None:
        raise NotFoundError("no such reflection")
    return found


def list_page(
    *, session: Session, viewer: Viewer, agent_id: int | None, limit: int, offset: int
) -> list[Reflection]:
    require(viewer, repository.KIND)
    return repository.visible_page(session, viewer, agent_id=agent_id, limit=limit, offset=offset)


def as_reads(*, session: Session, reflections: list[Reflection]) -> list[ReflectionRead]:
    evidence = repository.evidence(session, [r.id for r in reflections])
    return [
        ReflectionRead(
            id=r.id,
            agent_id=r.agent_id,
            situation=r.situation,
            task=r.task,
            action=r.action,
            result=r.result,
            created_at=r.created_at,
            updated_at=r.updated_at,
            evidence=[EvidenceRead(kind=k, ref_id=i) for k, i in evidence.get(r.id, [])],
        )
        for r in reflections
    ]


def _own_agent(session: Session, viewer: Viewer) -> Agent:
    require(viewer, repository.KIND)
    owner = repository.agent(session, viewer.agent_id) if viewer.agent_id else None
    if owner is None:
        raise ForbiddenError("only an agent keeps a reflective log, of their own work")
    return owner


def _own_entry(session: Session, viewer: Viewer, reflection_id: int) -> Reflection:
    """The entry, if the viewer may see it (else 404) and wrote it (else 403)."""
    reflection = get(session=session, viewer=viewer, reflection_id=reflection_id)
    if reflection.agent_id != viewer.agent_id:
        raise ForbiddenError("only the agent changes their own reflective log")
    return reflection


def _checked(session: Session, owner: Agent, evidence: list[EvidenceIn]) -> list[repository.Pair]:
    """The evidence, once each record is found to be the agent's own; missing and not theirs
    are refused alike, so the check tells no one what else exists."""
    for n, item in enumerate(evidence):
        if not repository.is_agents_own(session, item.kind, item.ref_id, owner):
            raise InputError(
                Location("request body", field=f"evidence.{n}.ref_id"),
                f"no {item.kind.value} {item.ref_id} among your own records",
            )
    return [(item.kind, item.ref_id) for item in evidence]


def _audit(
    session: Session, viewer: Viewer, reflection: Reflection, change: str, evidence: int | None
) -> None:
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="reflection",
        object_id=reflection.id, change=change, agent_id=reflection.agent_id, evidence=evidence,
    )  # fmt: skip
