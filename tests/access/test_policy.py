"""The policy table itself: complete, fail-closed, and the same as docs/security.md says."""

from pathlib import Path

import pytest

from switchboard.access.docs import policy_matrix_markdown
from switchboard.access.policy import (
    POLICY,
    Kind,
    Reach,
    reach_of,
    require,
    team_aggregate_scope,
)
from switchboard.access.viewer import Viewer
from switchboard.kit.errors import ForbiddenError
from switchboard.people.models import Role

SECURITY_DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_every_role_has_a_decision_for_every_kind() -> None:
    """A new role or kind fails here until someone decides, in the table, what it may see."""
    assert set(POLICY) == set(Role)
    for role, reaches in POLICY.items():
        assert set(reaches) == set(Kind), role


def test_the_audit_log_is_open_or_closed_as_a_whole() -> None:
    for role in Role:
        assert reach_of(role, Kind.AUDIT_LOG) in {Reach.NONE, Reach.ALL}, role


def test_no_role_but_admin_and_compliance_reads_the_audit_log() -> None:
    readers = {role for role in Role if reach_of(role, Kind.AUDIT_LOG) is not Reach.NONE}
    assert readers == {Role.ADMIN, Role.COMPLIANCE}


def test_only_line_management_and_admin_see_development_records() -> None:
    readers = {role for role in Role if reach_of(role, Kind.DEVELOPMENT) is not Reach.NONE}
    assert readers == {Role.AGENT, Role.TEAM_LEADER, Role.MANAGER, Role.ADMIN}


def test_only_the_agent_and_their_team_leader_see_private_development_records() -> None:
    readers = {role: reach_of(role, Kind.PRIVATE_DEVELOPMENT) for role in Role}
    assert {role for role, reach in readers.items() if reach is not Reach.NONE} == {
        Role.AGENT,
        Role.TEAM_LEADER,
    }
    assert (readers[Role.AGENT], readers[Role.TEAM_LEADER]) == (Reach.SELF, Reach.LED_TEAMS)


def test_a_role_missing_from_the_table_reaches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(POLICY, Role.PLANNER)
    assert reach_of(Role.PLANNER, Kind.AGENTS) is Reach.NONE


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("kind", list(Kind))
def test_require_refuses_exactly_the_kinds_a_role_never_sees(role: Role, kind: Kind) -> None:
    viewer = Viewer(user_id=1, role=role)
    if POLICY[role][kind] is Reach.NONE:
        with pytest.raises(ForbiddenError) as refused:
            require(viewer, kind)
        assert refused.value.status == 403
        assert role.value in refused.value.message
    else:
        assert require(viewer, kind) is POLICY[role][kind]


def test_an_agent_sees_their_own_teams_aggregates() -> None:
    assert team_aggregate_scope(Viewer(user_id=1, role=Role.AGENT, agent_id=2, team_id=3)) == 3


def test_an_agent_without_a_team_has_no_team_aggregates() -> None:
    assert team_aggregate_scope(Viewer(user_id=1, role=Role.AGENT, agent_id=2)) is None


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.AGENT])
def test_other_roles_get_team_figures_through_their_reach_not_the_anonymous_scope(
    role: Role,
) -> None:
    viewer = Viewer(user_id=1, role=role, agent_id=2, team_id=3)
    assert team_aggregate_scope(viewer) is None


def test_docs_security_md_prints_the_policy_as_it_is() -> None:
    assert policy_matrix_markdown() in SECURITY_DOCS.read_text(encoding="utf-8")
