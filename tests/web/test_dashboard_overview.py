"""The centre overview, the live view and the drill-down list on both backends: who may see
each, figures that agree with the KPI engine, and lists that hold the rows behind a figure."""

import re
from html import unescape

import httpx2 as httpx
from fastapi.testclient import TestClient

from switchboard.db.engine import make_engine, unit_of_work
from switchboard.kit.clock import zone
from switchboard.kpis.output import show_value
from switchboard.kpis.params import kpi_settings
from switchboard.kpis.service import Report, ReportRequest, build_report
from switchboard.web.dashboards.periods import Week
from switchboard.web.dashboards.plotly_assets import PLOTLY_PATH
from tests.web import dashboard_centre
from tests.web.dashboard_centre import DATA_WEEK, DemoStore, signed_in_as

# The shared demo centre's fixtures, in this module's namespace so that pytest finds them.
demo_client = dashboard_centre.demo_client
demo_store = dashboard_centre.demo_store


TOTAL = re.compile(r"<strong>([\d,]+)</strong> contacts?")


def week_report(store: DemoStore, by: tuple[str, ...]) -> Report:
    start, end = Week(DATA_WEEK, "").window(zone("Europe/London"))
    engine = make_engine(store.url)
    with unit_of_work(engine) as session:
        request = ReportRequest(by=by, start=start, end=end, timezone="Europe/London")
        report = build_report(
            session=session, request=request, settings=kpi_settings(store.settings)
        )
    engine.dispose()
    return report


def get_as(client: TestClient, username: str, path: str) -> httpx.Response:
    client.cookies.clear()
    return signed_in_as(client, username).get(path, follow_redirects=False)


def listed(client: TestClient, link: str) -> int:
    match = TOTAL.search(client.get(unescape(link)).text)
    assert match
    return int(match.group(1).replace(",", ""))


def test_the_overview_shows_the_centre_and_each_queue_as_the_kpi_engine_does(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    page = get_as(demo_client, "manager", "/overview").text
    totals = week_report(demo_store, ()).totals
    assert f">{show_value('offered', totals['offered'])}</a>" in page
    for row in week_report(demo_store, ("queue",)).rows:
        assert unescape(row["queue"]) in unescape(page)
        assert show_value("service_level", row["service_level"]) in page
    assert "Week before" in page
    assert "Change" in page
    # The demo's one week has no week before it: no change is claimed from nothing.
    assert page.count("No contacts the week before") == 9
    assert "▲" not in page
    assert 'id="service-level-by-queue"' in page


def test_each_queue_figure_drills_down_to_the_contacts_it_counts(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    page = get_as(demo_client, "admin", "/overview").text
    row = week_report(demo_store, ("queue",)).rows[0]
    for kpi in ("offered", "answered", "abandoned"):
        pattern = (
            rf'href="([^"]*outcome={kpi}[^"]*)" class="figure-link">{show_value(kpi, row[kpi])}<'
        )
        links = [link for link in re.findall(pattern, page) if "queue=" in link]
        assert links, kpi
        assert listed(demo_client, links[0]) == row[kpi], kpi


def test_operations_roles_see_the_overview_and_live_view_and_others_are_refused(
    demo_client: TestClient,
) -> None:
    for path in ("/overview", "/live", "/live.json"):
        for username in ("teamleader", "planner", "manager", "admin"):
            assert get_as(demo_client, username, path).status_code == 200, (path, username)
        for username in ("agent", "qa", "compliance"):
            assert get_as(demo_client, username, path).status_code == 403, (path, username)
        demo_client.cookies.clear()
        signed_out = demo_client.get(path, follow_redirects=False).status_code
        assert signed_out == (401 if path.endswith(".json") else 303), path


def test_a_planner_sees_the_figures_without_links_to_contacts_they_may_not_see(
    demo_client: TestClient,
) -> None:
    page = get_as(demo_client, "planner", "/overview").text
    assert "/interactions?" not in page
    assert get_as(demo_client, "planner", "/interactions").status_code == 403


def test_a_manager_sees_only_contacts_of_agents_at_their_site(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    link = "/interactions?from=2026-11-16&to=2026-11-22&outcome=abandoned"
    page = get_as(demo_client, "manager", link).text
    assert "You see only contacts handled by agents you may see" in page
    assert "<strong>0</strong> contacts" in page  # abandoned contacts have no agent
    assert listed(demo_client, link) == 0
    assert get_as(demo_client, "admin", link).status_code == 200


def test_live_json_has_the_documented_shape(demo_client: TestClient) -> None:
    data = get_as(demo_client, "teamleader", "/live.json").json()
    assert set(data) == {"as_of", "waiting", "longest_wait_seconds", "longest_wait", "queues",
                         "agents_by_state"}  # fmt: skip
    assert data["as_of"].startswith("2026-11-21")
    assert data["waiting"] == sum(queue["waiting"] for queue in data["queues"])
    assert {"queue", "waiting", "longest_wait_seconds", "longest_wait"} == set(data["queues"][0])
    assert sum(data["agents_by_state"].values()) >= 1
    assert all(isinstance(count, int) for count in data["agents_by_state"].values())


def test_plotly_js_comes_from_the_installed_package_not_a_cdn(demo_client: TestClient) -> None:
    page = get_as(demo_client, "manager", "/overview").text
    assert f'<script src="{PLOTLY_PATH}" defer></script>' in page
    assert "cdn" not in page.lower()
    script = demo_client.get(PLOTLY_PATH)
    assert script.status_code == 200
    assert script.text.startswith("/**\n* plotly.js v")
    assert "immutable" in script.headers["cache-control"]


def test_home_links_each_role_to_its_dashboards(demo_client: TestClient) -> None:
    assert 'href="/my-performance"' in get_as(demo_client, "agent", "/").text
    manager = get_as(demo_client, "manager", "/").text
    assert 'href="/overview"' in manager
    assert 'href="/live"' in manager
    assert 'href="/my-performance"' not in manager
    quality = get_as(demo_client, "qa", "/").text
    assert 'href="/quality"' in quality
    assert 'href="/overview"' not in quality
