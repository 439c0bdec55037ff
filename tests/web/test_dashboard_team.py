"""The team leader's dashboard on both backends: whose team each role sees, members' figures as
the KPI engine computes them, outliers by Tukey's fences worked out independently here, and
figures that drill down to exactly the contacts they count."""

import re
from html import unescape
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import select

from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.kpis.output import show_value
from switchboard.people.models import Agent, Team
from switchboard.web.dashboards.figures import title
from switchboard.web.dashboards.team import MEMBER_KPIS, MIN_CONTACTS
from tests.web import dashboard_centre
from tests.web.dashboard_centre import DemoStore
from tests.web.test_dashboard_overview import get_as, listed, week_report

demo_client = dashboard_centre.demo_client
demo_store = dashboard_centre.demo_store


def roster(store: DemoStore) -> dict[str, list[str]]:
    """Each team's agents' names, read straight from the store."""
    engine = make_engine(store.url)
    with unit_of_work(engine) as session:
        rows = session.execute(
            select(Team.name, Agent.display_name).join(Agent, Agent.team_id == Team.id)
        ).all()
    engine.dispose()
    found: dict[str, list[str]] = {}
    for team, name in rows:
        found.setdefault(team, []).append(name)
    return found


def team_ids(store: DemoStore) -> dict[str, int]:
    engine = make_engine(store.url)
    with unit_of_work(engine) as session:
        found = dict(session.execute(select(Team.name, Team.id)).all())
    engine.dispose()
    return found


def member_rows(store: DemoStore, team: str) -> list[dict[str, Any]]:
    names = set(roster(store)[team])
    return [row for row in week_report(store, ("agent",)).rows if row["agent"] in names]


def test_a_team_leader_sees_their_own_team_and_no_one_else(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    teams = roster(demo_store)
    page = unescape(get_as(demo_client, "teamleader", "/team").text)
    assert "<h1>Team Retail</h1>" in page
    assert all(name in page for name in teams["Retail"])
    others = [name for team, names in teams.items() if team != "Retail" for name in names]
    assert others
    assert not any(name in page for name in others)
    assert 'id="team"' not in page  # one team: no team picker


def test_another_teams_page_is_not_found_for_a_leader_who_does_not_lead_it(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    ids = team_ids(demo_store)
    assert get_as(demo_client, "teamleader", f"/team?team={ids['Cards']}").status_code == 404
    assert get_as(demo_client, "teamleader-cards", f"/team?team={ids['Cards']}").status_code == 200
    assert get_as(demo_client, "teamleader-cards", "/team?team=999999").status_code == 404


def test_a_manager_picks_any_team_at_their_site(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    ids = team_ids(demo_store)
    first = unescape(get_as(demo_client, "manager", "/team").text)
    for name, team_id in ids.items():
        assert f'<option value="{team_id}"' in first, name
    page = unescape(get_as(demo_client, "manager", f"/team?team={ids['Digital']}").text)
    assert "<h1>Team Digital</h1>" in page
    assert all(name in page for name in roster(demo_store)["Digital"])


def test_roles_that_do_not_lead_people_are_refused_and_the_refusal_is_audited(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    engine = make_engine(demo_store.url)

    def refusals() -> int:
        with unit_of_work(engine) as session:
            query = select(AuditEntry).where(AuditEntry.action == AuditAction.PERMISSION_DENIED)
            return len(session.scalars(query).all())

    for username in ("agent", "qa", "planner", "compliance"):
        before = refusals()
        assert get_as(demo_client, username, "/team").status_code == 403, username
        assert refusals() == before + 1, username
    engine.dispose()
    demo_client.cookies.clear()
    assert demo_client.get("/team", follow_redirects=False).status_code == 303
    assert 'href="/team"' in get_as(demo_client, "teamleader", "/").text
    assert 'href="/team"' not in get_as(demo_client, "agent", "/").text


def test_each_members_figures_are_the_kpi_engines(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    page = get_as(demo_client, "teamleader", "/team").text
    for row in member_rows(demo_store, "Retail"):
        cells = _member_cells(page, row["agent"])
        for kpi in ("answered", "aht", "fcr", "csat"):
            assert show_value(kpi, row[kpi]) in cells, (row["agent"], kpi)


def test_outliers_are_members_beyond_tukeys_fences_of_their_team(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    """The fences worked out here with numpy's linear percentiles (the inclusive quartiles of
    ``statistics``), over members with enough contacts: Q1 − 1.5·IQR and Q3 + 1.5·IQR."""
    page = get_as(demo_client, "teamleader", "/team").text
    rows = member_rows(demo_store, "Retail")
    judged = [r for r in rows if (r["answered"] or 0) >= MIN_CONTACTS]
    expected: dict[str, set[str]] = {r["agent"]: set() for r in rows}
    for kpi in MEMBER_KPIS:
        values = [r[kpi] for r in judged if r[kpi] is not None]
        if len(values) < 4:
            continue
        q1, q3 = np.percentile(values, [25, 75])
        low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        for r in judged:
            if r[kpi] is not None and not low <= r[kpi] <= high:
                expected[r["agent"]].add(kpi)
    assert any(expected.values()), "the demo week should hold at least one outlier"
    for name, kpis in expected.items():
        cells = _member_cells(page, name)
        for kpi in MEMBER_KPIS:
            assert (f"{title(kpi)} unusually" in cells) == (kpi in kpis), (name, kpi)


def test_a_members_figure_drills_down_to_their_own_contacts(
    demo_store: DemoStore, demo_client: TestClient
) -> None:
    page = get_as(demo_client, "teamleader", "/team").text
    row = max(member_rows(demo_store, "Retail"), key=lambda r: r["answered"] or 0)
    cells = _member_cells(page, row["agent"])
    link = re.search(r'href="([^"]*outcome=answered[^"]*agent=\d+[^"]*)"', cells)
    assert link
    assert listed(demo_client, link.group(1)) == row["answered"]
    listing = unescape(demo_client.get(unescape(link.group(1))).text)
    assert f"handled by {row['agent']}" in listing


def test_each_half_hour_bar_lists_the_contacts_offered_in_it(
    demo_client: TestClient,
) -> None:
    """Queue figures cover everyone on the queue; the list shows a team leader only their own
    team's contacts (and says so), while an admin, who sees every contact, gets them all."""
    page = get_as(demo_client, "teamleader", "/team").text
    links = re.findall(
        r'href="([^"]*outcome=offered[^"]*at=[^"]*)" class="figure-link">(\d+)<', page
    )
    assert links
    own_team = [listed(demo_client, link) for link, _ in links[:6]]
    assert (
        "You see only contacts handled by agents you may see"
        in demo_client.get(unescape(links[0][0])).text
    )
    get_as(demo_client, "admin", "/")
    for (link, shown), mine in zip(links[:6], own_team, strict=True):
        assert listed(demo_client, link) == int(shown), link
        assert mine <= int(shown), link


def _member_cells(page: str, name: str) -> str:
    """The HTML of the member's row in the members table."""
    match = re.search(
        rf"<tr[^>]*>\s*<th scope=\"row\">{re.escape(name)}</th>(.*?)</tr>", page, re.S
    )
    assert match, name
    return unescape(match.group(1))


def test_an_interval_needs_a_single_day_and_a_clock_time(demo_client: TestClient) -> None:
    base = "/interactions?from=2026-11-16&to=2026-11-17&outcome=offered"
    assert get_as(demo_client, "admin", base + "&at=09:00").status_code == 400
    one_day = "/interactions?from=2026-11-16&to=2026-11-16&outcome=offered"
    assert demo_client.get(one_day + "&at=nine").status_code == 400
    assert demo_client.get(one_day + "&at=09:00&minutes=0").status_code == 400
    whole_day = listed(demo_client, one_day)
    halves = sum(
        listed(demo_client, f"{one_day}&at={hour:02d}:{minute:02d}&minutes=30")
        for hour in range(24)
        for minute in (0, 30)
    )
    assert halves == whole_day  # 48 half hours tile the day: nothing lost, nothing twice
