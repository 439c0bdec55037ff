"""What the improvement pages show (Plan-Do-Review), gathered from the improvements service, and
what the "Plan an improvement" form becomes: the API's own :class:`ImprovementCreate`, passed
to the same service, so the page refuses exactly what the API refuses."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, require
from switchboard.access.viewer import Viewer
from switchboard.domain.kpi import REGISTRY
from switchboard.domain.performance.impact import Verdict
from switchboard.goals.checking import Reading
from switchboard.improvements import repository as improvement_repository
from switchboard.improvements import service as improvement_service
from switchboard.improvements.models import Improvement
from switchboard.improvements.schemas import ImprovementCreate, ImprovementUpdate, ReviewKpi
from switchboard.improvements.service import Review
from switchboard.kit.errors import ForbiddenError
from switchboard.people.models import Agent
from switchboard.web.development import forms, pages, repository
from switchboard.web.development.forms import FormRefusedError, FormState, Problem

REVIEW_KPIS = [(name, REGISTRY[name].title) for name in get_args(ReviewKpi)]
"""The KPIs a review can resample, for the plan form's choice."""
VERDICT_WORDS = {
    Verdict.IMPROVED: "An improvement", Verdict.WORSENED: "A change for the worse",
    Verdict.NO_CLEAR_CHANGE: "No clear change", Verdict.INSUFFICIENT_DATA: "Too little data",
}  # fmt: skip
CONTROL_WORDS = {"none": "None: before against after",
                 "rest_of_team": "The rest of the team (difference-in-differences)"}  # fmt: skip


def require_development(viewer: Viewer) -> None:
    """403, recorded in the audit trail, for a role with no reach over development records."""
    try:
        require(viewer, Kind.DEVELOPMENT)
    except ForbiddenError as exc:
        raise pages.refused(viewer, exc.message) from exc


@dataclass(frozen=True)
class PlannableTeam:
    team_id: int
    name: str
    agents: list[tuple[int, str]]
    """The team's agents, by name: the viewer sees them all, or could not plan for the team."""


@dataclass(frozen=True)
class Row:
    improvement: Improvement
    team: str
    verdict: Verdict


@dataclass(frozen=True)
class ImprovementsPage:
    rows: list[Row]
    teams: list[PlannableTeam]


def plannable_teams(session: Session, viewer: Viewer) -> list[PlannableTeam]:
    """The teams the service lets the viewer plan for: each team with agents, all of whom the
    viewer may see (the service checks it again when the plan is saved)."""
    found = list(repository.agents_in_reach(session, viewer))
    own = repository.agent(session, viewer.agent_id) if viewer.agent_id else None
    agents: list[Agent] = [a for a, _ in found] + ([own] if own else [])
    teams: list[PlannableTeam] = []
    for team_id in sorted({a.team_id for a in agents if a.team_id is not None}):
        team = improvement_repository.team(session, team_id)
        if team is None or improvement_repository.hidden_team_members(session, viewer, team_id):
            continue
        members = sorted((a.display_name, a.id) for a in agents if a.team_id == team_id)
        teams.append(PlannableTeam(team_id, team.name, [(i, n) for n, i in members]))
    return sorted(teams, key=lambda t: (t.name.casefold(), t.team_id))


def improvements_page(*, session: Session, viewer: Viewer, reading: Reading) -> ImprovementsPage:
    pages.require_leader(viewer)
    found = improvement_service.list_page(session=session, viewer=viewer, team_id=None,
                                          agent_id=None, limit=pages.LISTED, offset=0)  # fmt: skip
    rows = [Row(i, team_name(session, i.team_id), review_of(session, i, reading).impact.verdict)
            for i in found]  # fmt: skip
    return ImprovementsPage(rows, plannable_teams(session, viewer))


def involving(*, session: Session, viewer: Viewer, agent_id: int) -> list[Improvement]:
    """The improvements that involve the agent and that the viewer may see: for My development."""
    return improvement_service.list_page(session=session, viewer=viewer, team_id=None,
                                         agent_id=agent_id, limit=pages.LISTED, offset=0)  # fmt: skip


def team_name(session: Session, team_id: int | None) -> str:
    team = improvement_repository.team(session, team_id) if team_id else None
    return team.name if team else "—"


def review_of(session: Session, improvement: Improvement, reading: Reading) -> Review:
    return improvement_service.review(session=session, improvement=improvement,
                                      settings=reading.settings, timezone=reading.timezone,
                                      today=reading.today)  # fmt: skip


@dataclass(frozen=True)
class Group:
    """One row of the before/after table: a group of agents over the two periods."""

    label: str
    before: float | None
    after: float | None
    contacts_before: int | None
    contacts_after: int | None


@dataclass(frozen=True)
class ImprovementPage:
    improvement: Improvement
    team: str
    agents: list[str]
    review: Review
    answer: dict[str, Any]
    """The review as the API answers it (:func:`switchboard.improvements.service.review_dict`)."""
    groups: list[Group]
    leads: bool
    may_change: bool


def improvement_page(
    *, session: Session, viewer: Viewer, improvement_id: int, reading: Reading
) -> ImprovementPage:
    """One improvement's Plan and Review; 404 alike for one missing and one out of reach."""
    require_development(viewer)
    found = improvement_service.get(session=session, viewer=viewer, improvement_id=improvement_id)
    review = review_of(session, found, reading)
    answer = improvement_service.review_dict(review)
    listed = improvement_repository.members(session, [found.id]).get(found.id, [])
    names = [a.display_name for a in (repository.agent(session, i) for i in listed) if a]
    leads = pages.leads_development(viewer)
    may_change = leads and any(
        t.team_id == found.team_id for t in plannable_teams(session, viewer)
    )  # fmt: skip
    return ImprovementPage(found, team_name(session, found.team_id), sorted(names), review,
                           answer, _groups(answer), leads, may_change)  # fmt: skip


def _groups(answer: dict[str, Any]) -> list[Group]:
    contacts = answer["contacts"]
    agents = answer["agents"]
    groups = [Group(f"Agents involved ({agents})", answer["before_value"], answer["after_value"],
                    contacts["before"], contacts["after"])]  # fmt: skip
    if answer["control_agents"] is not None:
        groups.append(Group(f"Rest of the team ({answer['control_agents']})",
                            answer["control_before_value"], answer["control_after_value"],
                            contacts["control_before"], contacts["control_after"]))  # fmt: skip
    return groups


# --- the forms --------------------------------------------------------------------------------


def _listed(values: Mapping[str, Any], name: str) -> list[str]:
    given = values.get(name, [])
    found = [given] if isinstance(given, str) else list(given)
    return [v for v in found if isinstance(v, str) and v.strip()]


def plan_in(values: Mapping[str, Any]) -> ImprovementCreate:
    text = {name: str(values.get(name, "")).strip() for name in
            ("title", "change", "kpi", "team_id", "started_on", "before_days", "after_days")}  # fmt: skip
    data = {**{k: v or None for k, v in text.items()}, "title": text["title"],
            "change": text["change"], "agent_ids": _listed(values, "agent_ids"),
            "control": str(values.get("control") or "none")}  # fmt: skip
    return forms.validated(ImprovementCreate, "plan", data, values)


def plan_refused(refusal: FormRefusedError) -> FormRefusedError:
    """The refusal with each problem pointing at a field on the page: a problem with one listed
    agent (``agent_ids.0``) and one with the plan as a whole (which are all about the agents
    listed: twice, or none with the rest of the team as control) point at the agents' fieldset."""
    state = refusal.state
    problems = [Problem(_on_page(p.field), p.message) for p in state.problems]
    return FormRefusedError(FormState(state.name, state.values, problems))


def _on_page(field: str) -> str:
    return "plan-agent_ids" if field == "plan" or field.startswith("plan-agent_ids") else field


def note_in(values: Mapping[str, Any]) -> ImprovementUpdate:
    data = {"review_note": str(values.get("review_note", "")).strip()}
    return forms.validated(ImprovementUpdate, "note", data, values)
