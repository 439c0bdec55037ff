"""The agent's "My performance" page on both backends: their figures, no one else's name, and
drill-down links that list exactly the contacts counted."""

import re
from html import unescape

from fastapi.testclient import TestClient

from switchboard.db.engine import make_engine, unit_of_work
from switchboard.kit.clock import zone
from switchboard.kpis.output import show_value
from switchboard.kpis.params import kpi_settings
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.web.dashboards.periods import Week
from tests.web import dashboard_centre
from tests.web.dashboard_centre import DATA_WEEK, DemoStore, signed_in_as

# The shared demo centre's fixtures, in this module's namespace so that pytest finds them.
demo_client = dashboard_centre.demo_client
demo_store = dashboard_centre.demo_store


TOTAL = re.compile(r"<strong>([\d,]+)</strong> contacts?")


def own_week_row(store: DemoStore, agent: str) -> dict[str, object]:
    start, end = Week(DATA_WEEK, "").window(zone("Europe/London"))
    engine = make_engine(store.url)
    with unit_of_work(engine) as session:
        request = ReportRequest(by=("agent",), start=start, end=end, timezone="Europe/London")
        report = build_report(
            session=session, request=request, settings=kpi_settings(store.settings)
        )
    engine.dispose()
    return next(row for row in report.rows if row["agent"] == agent)


def agent_name(page: str) -> str:
    match = re.search(r"<p>([^<,]+), [A-Za-z]+ team\.", page)
    assert match
    return unescape(match.group(1))


def test_the_agent_sees_their_own_week_against_targets(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    page = signed_in_as(demo_client, "agent").get("/my-performance").text
    mine = own_week_row(demo_store, agent_name(page))
    assert "My performance" in page
    for kpi in ("answered", "aht", "fcr"):
        assert show_value(kpi, mine[kpi]) in page
    assert "Green ≤ 5:00, amber ≤ 6:00" in page  # the AHT target, in words as well as colour
    assert 'class="plot" data-figure=' in page


def test_the_agent_page_names_no_other_agent(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    page = unescape(signed_in_as(demo_client, "agent").get("/my-performance").text)
    own = agent_name(page)
    others = [name for name in demo_store.agent_names.values() if name != own]
    assert others
    assert [name for name in others if name in page] == []


def test_the_answered_figure_drills_down_to_exactly_those_contacts(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    client = signed_in_as(demo_client, "agent")
    page = client.get("/my-performance").text
    mine = own_week_row(demo_store, agent_name(page))
    link = unescape(re.findall(r'href="(/interactions\?[^"]*outcome=answered[^"]*)"', page)[1])
    assert "from=2026-11-16" in link
    assert "to=2026-11-22" in link
    listing = client.get(link).text
    match = TOTAL.search(listing)
    assert match
    assert int(match.group(1).replace(",", "")) == mine["answered"]
    names_in_list = {name for name in demo_store.agent_names.values() if name in unescape(listing)}
    assert names_in_list == {agent_name(page)}


def test_roles_without_an_own_agent_record_are_refused(demo_client: TestClient) -> None:
    for username in ("qa", "manager", "planner"):
        demo_client.cookies.clear()
        response = signed_in_as(demo_client, username).get("/my-performance")
        assert response.status_code == 403, username


def test_signed_out_it_goes_to_the_sign_in_form(demo_client: TestClient) -> None:
    response = demo_client.get("/my-performance", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/sign-in")
