"""KPI targets per queue, team or centre, and the red/amber/green they give a report's figures."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from switchboard.domain.kpi import REGISTRY, Better, Target, rag
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import NotFoundError, SwitchboardError
from switchboard.kpis import repository
from switchboard.kpis.models import KpiTarget

Scope = tuple[int | None, int | None]
"""(queue id, team id); (None, None) is the whole centre."""


@dataclass
class TargetBook:
    """All targets, looked up most specific first: the queue's, the team's, then the centre's."""

    targets: dict[tuple[str, int | None, int | None], Target]
    teams: dict[int, int | None]

    @classmethod
    def load(cls, session: Session) -> "TargetBook":
        stored = repository.targets(session)
        targets = {(t.kpi, t.queue_id, t.team_id): Target(t.green, t.amber) for t in stored}
        return cls(targets, repository.agent_teams(session) if stored else {})

    def team_of(self, agent_id: int) -> int | None:
        return self.teams.get(agent_id)

    def target(self, kpi: str, queue_id: int | None, team_id: int | None) -> Target | None:
        scopes: list[Scope] = [(queue_id, None)] if queue_id is not None else []
        if team_id is not None:
            scopes.append((None, team_id))
        for scope in (*scopes, (None, None)):
            found = self.targets.get((kpi, *scope))
            if found is not None:
                return found
        return None

    def rag_for(
        self, names: tuple[str, ...], queue_id: int | None, team_id: int | None
    ) -> Callable[[dict[str, Any]], dict[str, str]]:
        def statuses(values: dict[str, Any]) -> dict[str, str]:
            found = {}
            for name in names:
                status = rag(
                    values.get(name), self.target(name, queue_id, team_id), REGISTRY[name].better
                )
                if status is not None:
                    found[name] = status.value
            return found

        return statuses


def set_target(
    *, session: Session, kpi: str, green: float, amber: float,
    queue: str | None = None, team: str | None = None,
) -> KpiTarget:  # fmt: skip
    """Create or replace the target of ``kpi`` for a queue, a team or (neither) the centre."""
    if kpi not in REGISTRY:
        raise SwitchboardError(f"unknown KPI {kpi!r}")
    if REGISTRY[kpi].better is Better.NEUTRAL:
        raise SwitchboardError(f"{kpi} has no better direction, so it cannot be red or green")
    if queue and team:
        raise SwitchboardError("a target is for a queue or a team, not both")
    try:
        Target(green, amber).check(REGISTRY[kpi].better)
    except ValueError as exc:
        raise SwitchboardError(f"target for {kpi}: {exc}") from exc
    queue_id, team_id = _scope(session, queue, team)
    target = repository.find_target(session, kpi, queue_id, team_id)
    if target is None:
        target = KpiTarget(kpi=kpi, queue_id=queue_id, team_id=team_id)
    target.green, target.amber, target.updated_at = green, amber, utcnow()
    repository.add_target(session, target)
    return target


def delete_target(
    *, session: Session, kpi: str, queue: str | None = None, team: str | None = None
) -> None:
    queue_id, team_id = _scope(session, queue, team)
    target = repository.find_target(session, kpi, queue_id, team_id)
    if target is None:
        raise NotFoundError(f"no target for {kpi} there")
    repository.delete_target(session, target)


def list_targets(*, session: Session) -> list[dict[str, Any]]:
    lookup = repository.names(session)
    return [
        {
            "kpi": t.kpi,
            "queue": lookup["queue"].get(t.queue_id) if t.queue_id else None,
            "team": lookup["team"].get(t.team_id) if t.team_id else None,
            "green": t.green,
            "amber": t.amber,
        }
        for t in repository.targets(session)
    ]


def _scope(session: Session, queue: str | None, team: str | None) -> Scope:
    queue_id = team_id = None
    if queue:
        found = repository.queue_by_name(session, queue)
        if found is None:
            raise NotFoundError(f"no queue named {queue!r}")
        queue_id = found.id
    if team:
        found_team = repository.team_by_name(session, team)
        if found_team is None:
            raise NotFoundError(f"no team named {team!r}")
        team_id = found_team.id
    return queue_id, team_id
