"""KPI reports over the API: the CLI's parameters and shape, people reports only over the
agents the viewer may see (rows and totals, from raw rows and from the aggregates), exports
audited."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction
from switchboard.db.engine import unit_of_work
from switchboard.interactions.models import Interaction
from switchboard.kpis import refresh
from switchboard.people.models import Channel, Queue
from tests.access.test_matrix import EXPECTED, SEES_UNASSIGNED_CONTACTS
from tests.web.api_support import Organisation, call, db, org, tokens
from tests.web.conftest import audited

__all__ = ["db", "org", "tokens"]  # pytest fixtures this module uses

PATH = "/api/v1/reports/kpis"
REFUSED = {"quinn", "pat", "cal"}
"""Roles with no reach for agent KPIs: written out, not read from the policy."""
DAY = {"from": "2026-11-27", "to": "2026-11-27", "kpis": "offered,answered"}


@pytest.fixture(autouse=True)
def queued(engine: Engine, org: Organisation) -> None:
    """Contact KPIs count queued contacts: put every contact of the organisation in one queue."""
    with unit_of_work(engine) as session:
        queue = Queue(name="Retail", channel=Channel.VOICE, service_level_seconds=20)
        session.add(queue)
        session.flush()
        session.execute(update(Interaction).values(queue_id=queue.id))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_report_by_agent_covers_exactly_the_agents_the_viewer_may_see(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    response = call(client, tokens[name], PATH, by="agent", **DAY)
    if name in REFUSED:
        assert response.status_code == 403
        return
    body = response.json()
    expected = {agent.title() for agent in EXPECTED[name][Kind.AGENT_KPIS]}
    unassigned = {None} if name in SEES_UNASSIGNED_CONTACTS else set()
    assert {row["agent"] for row in body["rows"]} == expected | unassigned
    assert body["totals"]["offered"] == len(expected) + len(unassigned)


@pytest.fixture(params=["raw", "aggregates"])
def source(request: pytest.FixtureRequest, engine: Engine, org: Organisation) -> str:
    """Each scoped report is read both ways: from raw contacts and from fresh aggregates."""
    with unit_of_work(engine) as session:
        refresh.rebuild(session=session, timezone="Europe/London")
    return str(request.param)


def test_a_scoped_queue_report_counts_only_the_viewers_agents(
    client: TestClient, tokens: dict[str, str], source: str
) -> None:
    lee = call(client, tokens["lee"], PATH, by="team,queue", source=source, **DAY).json()
    assert lee["settings"]["source"] == source
    assert lee["totals"]["offered"] == 3  # ann, lee and abe: not the centre's 10
    assert [row["team"] for row in lee["rows"]] == ["A1"]


def test_an_agent_sees_their_whole_team_as_a_team_and_only_themselves_by_agent(
    client: TestClient, tokens: dict[str, str], source: str
) -> None:
    team = call(client, tokens["ann"], PATH, by="team", source=source, **DAY).json()
    assert [row["team"] for row in team["rows"]] == ["A1"]
    assert team["totals"]["offered"] == 3  # ann, lee and abe, none of them named
    assert "agent" not in team["rows"][0]
    by_agent = call(client, tokens["ann"], PATH, by="team,agent", source=source, **DAY).json()
    assert [row["agent"] for row in by_agent["rows"]] == ["Ann"]
    assert by_agent["totals"]["offered"] == 1
    site = call(client, tokens["ann"], PATH, by="site", source=source, **DAY).json()
    assert site["totals"]["offered"] == 3  # the team, not the site's other team A2
    nobody = call(client, tokens["zed"], PATH, by="team", source=source, **DAY).json()
    assert nobody["rows"] == []  # an agent role with no agent record has no team


def test_a_report_without_people_names_no_one_and_covers_the_centre(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    for name in ("pat", "ann", "ari"):
        body = call(client, tokens[name], PATH, by="queue", **DAY).json()
        assert body["totals"]["offered"] == 10
        assert "agent" not in body["rows"][0]


def test_the_json_is_the_clis_shape(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    body = call(client, tokens["ari"], PATH, by="interval,channel", interval="60m", **DAY).json()
    assert set(body) == {"settings", "rows", "totals"}
    assert body["settings"]["by"] == ["interval", "channel"]
    assert body["settings"]["interval"] == "60m"
    assert body["rows"][0]["interval_start"].startswith("2026-11-27T09:00")


def test_each_report_is_audited_as_an_export_with_counts_only(
    client: TestClient, org: Organisation, tokens: dict[str, str], engine: Engine
) -> None:
    call(client, tokens["lee"], PATH, by="agent", **DAY)
    (entry,) = audited(engine, AuditAction.EXPORT)
    assert entry.actor_user_id == org.users["lee"].id
    assert entry.object_type == "kpi_report"
    assert entry.details == {"rows": 3, "people": True, "scoped": True}


def test_a_refused_report_is_audited(
    client: TestClient, org: Organisation, tokens: dict[str, str], engine: Engine
) -> None:
    assert call(client, tokens["pat"], PATH, by="site").status_code == 403
    assert [e.actor_user_id for e in audited(engine, AuditAction.PERMISSION_DENIED)] == [
        org.users["pat"].id
    ]
    assert audited(engine, AuditAction.EXPORT) == []


@pytest.mark.parametrize(
    "params",
    [{"by": "customer"}, {"by": "agent,agent"}, {"kpis": "happiness"}, {"interval": "5m"},
     {"from": "2026-11-28", "to": "2026-11-27"}, {"from": "0001-01-01"},
     {"service_level_seconds": -1}, {"service_level_seconds": "nan"}, {"csat_top_boxes": 0},
     {"fcr_window_seconds": 0}, {"source": "aggregates"}, {"abandon_treatment": "ignore"}],
)  # fmt: skip
def test_bad_parameters_are_422(
    client: TestClient, org: Organisation, tokens: dict[str, str], params: dict[str, object]
) -> None:
    response = call(client, tokens["ari"], PATH, **params)
    assert response.status_code == 422, response.text


def test_signed_out_is_401(client: TestClient, org: Organisation) -> None:
    assert call(client, None, PATH).status_code == 401
