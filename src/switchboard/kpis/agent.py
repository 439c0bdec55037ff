"""One agent's KPIs against their targets and against their team's median: the one-to-one view."""

from statistics import median
from typing import Any

from sqlalchemy.orm import Session

from switchboard.domain.kpi import REGISTRY, KpiSettings
from switchboard.kit.errors import NotFoundError
from switchboard.kpis import repository
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.kpis.targets import TargetBook


def agent_report(
    *, session: Session, agent: str, request: ReportRequest, settings: KpiSettings
) -> dict[str, Any]:
    """The agent's value, target, status and team median for each KPI of ``request``."""
    found = repository.agent_by_name(session, agent)
    if found is None:
        raise NotFoundError(
            f"no agent named {agent!r}: agents are named as their source names them"
        )
    teammates = set(repository.team_agents(session, found.team_id)) if found.team_id else set()
    # Only the agent and their team are read: the rest of the centre plays no part here.
    covered = sorted(teammates | {found.id})
    by_agent = build_report(session=session, request=_by_agent(request, covered), settings=settings)
    mine = next((r for r in by_agent.rows if r["agent"] == found.display_name), {})
    names = repository.names(session)["agent"]
    team_rows = [r for r in by_agent.rows if r["agent"] in {names[i] for i in teammates}]
    book = TargetBook.load(session)
    return {
        "settings": by_agent.settings,
        "agent": found.display_name,
        "team": repository.names(session)["team"].get(found.team_id) if found.team_id else None,
        "team_agents": len(team_rows),
        "kpis": [_line(name, mine, team_rows, book, found.team_id) for name in by_agent.kpis],
    }


def _by_agent(request: ReportRequest, agent_ids: list[int]) -> ReportRequest:
    return ReportRequest(
        by=("agent",), start=request.start, end=request.end, kpis=request.kpis,
        timezone=request.timezone, business_hours=request.business_hours, source=request.source,
        agent_scope=lambda column: column.in_(agent_ids),
    )  # fmt: skip


def _line(
    name: str, mine: dict[str, Any], team_rows: list[dict[str, Any]], book: TargetBook,
    team_id: int | None,
) -> dict[str, Any]:  # fmt: skip
    values = [r[name] for r in team_rows if r.get(name) is not None]
    target = book.target(name, None, team_id)
    return {
        "kpi": name,
        "title": REGISTRY[name].title,
        "value": mine.get(name),
        "team_median": median(values) if values else None,
        "target": {"green": target.green, "amber": target.amber} if target else None,
        "rag": mine.get("rag", {}).get(name),
        "better": REGISTRY[name].better.value,
    }
