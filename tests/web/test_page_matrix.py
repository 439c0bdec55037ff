"""The access matrix for the pages: every viewer of the access tests' organisation × every page,
on both backends, with the cases own record, same team, other team at the same site, other site
and signed out. The API half is in tests/web/test_api_*.py and tests/access/test_matrix.py.

Each viewer signs in through the form and opens every page, every team's ``/team`` page and the
drill-down list narrowed to each agent in turn. The expected statuses are written out by hand;
the people a viewer may see are the access matrix's (``EXPECTED``). Then:

- no answer, whatever its status, holds the name of an agent outside the viewer's roster reach,
  nor the name of a team they do not see (the names are long and unlike any other word on a
  page, so a substring check means something);
- the pages that name people name exactly the ones they should, so an empty page cannot pass
  for a safe one;
- every 403 adds exactly one ``permission_denied`` row with the viewer's id, and nothing else
  adds one.

In the organisation (tests/access/conftest.py) each case has someone in it: ann's own record is
ann; lee and abe are in her team; amy, ted and ada in the other team at her site; bob and bea at
the other site; nat in no team.
"""

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker

from switchboard.access.policy import Kind
from switchboard.app import create_app
from switchboard.audit.models import AuditAction
from switchboard.auth import service as auth_service
from switchboard.config import Settings
from switchboard.db.engine import make_engine
from switchboard.interactions.models import Interaction
from switchboard.people.models import Agent, Channel, Queue, Team
from tests.access.conftest import Organisation, _people, _records
from tests.access.test_matrix import EXPECTED, TEAM_A1, TEAM_A2
from tests.conftest import BACKENDS, postgres_schema
from tests.web.conftest import CHEAP, PASSWORD, audited, sign_in
from tests.web.test_api_people import TEAMS

AGENT_NAMES = {
    "ann": "Annora Quillfeather", "lee": "Leander Blackthorn", "abe": "Abelard Fenwright",
    "amy": "Amethyst Corrigan", "ted": "Tedric Halloway", "ada": "Adalind Pemberwick",
    "bob": "Bobbin Thistlewood", "bea": "Beatrix Marchbanks", "nat": "Natalind Oakhurst",
}  # fmt: skip
OTHER_USER_NAMES = {
    "zed": "Zedekiah Pryce", "lyn": "Lynwen Ashcombe", "lou": "Louvain Drummond",
    "quinn": "Quintessa Morrow", "pat": "Patrizia Lumb", "meg": "Megara Stoat",
    "max": "Maxentius Rook", "noel": "Noelani Birch", "cal": "Calloway Dunn",
    "ari": "Arianwen Holt",
}  # fmt: skip
TEAM_NAMES = {"A1": "Alderglen", "A2": "Brackenmoor", "B1": "Cindervale"}
"""In the order the team page lists them, so a viewer's first team is the first they see."""
MEMBERS = {"A1": TEAM_A1, "A2": TEAM_A2, "B1": {"bob", "bea"}}
QUEUE = "Mainline Voice"
WEEK = "from=2026-11-23&to=2026-11-29"
"""The organisation's contacts arrive on Friday 27 November 2026."""

OK, REFUSED, NOT_FOUND = 200, 403, 404
PAGES = ["/", "/my-performance", "/overview", "/live", "/live.json", "/interactions", "/team"]
DASHBOARDS = ["/my-performance", "/overview", "/live", "/team"]
DEVELOPMENT_PAGES = {"/my-development", "/team-development"}
QUALITY_PAGES = {"/my-evaluations", "/quality", "/quality/team", "/quality/disputes"}
"""Linked from the home page too; tests/web/test_development_pages.py checks who gets them."""
"""The pages the home page links to, for the roles that may open them."""

# viewer → the status of each page in PAGES, in order
STATUS: dict[str, tuple[int, ...]] = {
    # An agent: their own performance and contacts; no floor views, no team.
    "ann": (OK, OK, REFUSED, REFUSED, REFUSED, OK, REFUSED),
    # An agent role with no agent record: no own performance; an empty contact list.
    "zed": (OK, REFUSED, REFUSED, REFUSED, REFUSED, OK, REFUSED),
    # A team leader who takes contacts, one who takes none, and one who leads no team.
    "lee": (OK, OK, OK, OK, OK, OK, OK),
    "lyn": (OK, REFUSED, OK, OK, OK, OK, OK),
    "ted": (OK, OK, OK, OK, OK, OK, NOT_FOUND),
    # Quality and compliance: every contact, no performance, no floor views.
    "quinn": (OK, REFUSED, REFUSED, REFUSED, REFUSED, OK, REFUSED),
    "cal": (OK, REFUSED, REFUSED, REFUSED, REFUSED, OK, REFUSED),
    # A planner: the floor views, but no contacts and no one's performance.
    "pat": (OK, REFUSED, OK, OK, OK, REFUSED, REFUSED),
    # Managers of one site, of two, and of none (who sees no team).
    "meg": (OK, REFUSED, OK, OK, OK, OK, OK),
    "max": (OK, REFUSED, OK, OK, OK, OK, OK),
    "noel": (OK, REFUSED, OK, OK, OK, OK, NOT_FOUND),
    # An administrator who takes no contacts.
    "ari": (OK, REFUSED, OK, OK, OK, OK, OK),
}
assert set(STATUS) == set(EXPECTED)

# viewer → the teams whose /team page they may open; the others answer 404 (or 403 by role)
TEAM_PAGES = {
    "lee": ["A1"], "lyn": ["A2"], "ted": [], "meg": ["A1", "A2"], "max": ["A1", "A2", "B1"],
    "noel": [], "ari": ["A1", "A2", "B1"],
}  # fmt: skip
SEES_CONTACTS_NAMED = {
    name: EXPECTED[name][Kind.INTERACTIONS] & EXPECTED[name][Kind.AGENTS] for name in EXPECTED
}
"""Whose names a viewer's contact list shows: agents whose contacts and names they may see."""


@dataclass(frozen=True)
class Store:
    """The organisation on one backend, built once per module and then only read (sign-ins
    add sessions and audit rows, which no test counts in total)."""

    org: Organisation
    settings: Settings
    engine: Engine


@dataclass
class Cast:
    org: Organisation
    engine: Engine
    client: TestClient

    def user_id(self, name: str) -> int:
        return self.org.users[name].id

    def team_id(self, team: str) -> int:
        return self.org.teams[team]


def _fill(url: str) -> Iterator[Store]:
    """The organisation with names no page could hold by chance, its contacts in a queue (the
    contact list shows only contacts in a queue), and a password for everyone."""
    engine = make_engine(url)
    with sessionmaker(engine, expire_on_commit=False)() as db:
        org = Organisation()
        _people(db, org)
        _records(db, org)
        _rename(db, org)
        queue = Queue(name=QUEUE, channel=Channel.VOICE, service_level_seconds=20)
        db.add(queue)
        db.flush()
        db.execute(update(Interaction).values(queue_id=queue.id))
        for user in org.users.values():
            auth_service.set_password(session=db, user=user, password=PASSWORD, hasher=CHEAP)
        db.commit()
    yield Store(org, Settings(database_url=url, timezone="Europe/London"), engine)
    engine.dispose()


def _rename(db: Session, org: Organisation) -> None:
    for name, agent_id in org.agents.items():
        db.get_one(Agent, agent_id).display_name = AGENT_NAMES[name]
    for name, user in org.users.items():
        user.display_name = AGENT_NAMES.get(name) or OTHER_USER_NAMES[name]
    for team, team_id in org.teams.items():
        db.get_one(Team, team_id).name = TEAM_NAMES[team]


@pytest.fixture(scope="module", params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("pages") / "pages.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield from _fill(f"sqlite:///{path}")
        return
    with postgres_schema("sb_pages") as url:
        yield from _fill(url)


@pytest.fixture
def cast(store: Store) -> Iterator[Cast]:
    app = create_app(store.settings, password_hasher=CHEAP)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Cast(store.org, store.engine, client)


def signed_in(cast: Cast, name: str) -> TestClient:
    assert sign_in(cast.client, name).status_code == 303
    return cast.client


def status_of(name: str) -> dict[str, int]:
    return dict(zip(PAGES, STATUS[name], strict=True))


def refusals(cast: Cast) -> list[int | None]:
    return [row.actor_user_id for row in audited(cast.engine, AuditAction.PERMISSION_DENIED)]


def get(cast: Cast, name: str, path: str, status: int) -> str:
    """The page's text after checking its status, its audit trail and that it leaks no one."""
    before = refusals(cast)
    response = cast.client.get(path, follow_redirects=False)
    assert response.status_code == status, (name, path, response.text[:300])
    added = refusals(cast)[len(before) :]
    assert added == ([cast.user_id(name)] if status == REFUSED else []), (name, path)
    text = unescape(response.text)
    assert leaked(name, text) == set(), (name, path)
    return text


def leaked(name: str, text: str) -> set[str]:
    """Agents and teams named in ``text`` that ``name`` may not see."""
    agents = {a for a, shown in AGENT_NAMES.items() if shown in text}
    teams = {t for t, shown in TEAM_NAMES.items() if shown in text}
    return (agents - EXPECTED[name][Kind.AGENTS]) | (teams - TEAMS[name])


def linked_dashboards(home: str) -> set[str]:
    listed = home.partition('<ul class="dashboards">')[2].partition("</ul>")[0]
    return set(re.findall(r'href="([^"]+)"', listed))


def main_part(text: str) -> str:
    """The page without its header, which names the viewer on every page."""
    return text.split('<main id="main"', 1)[1]


def named(text: str) -> set[str]:
    return {agent for agent, shown in AGENT_NAMES.items() if shown in main_part(text)}


@pytest.mark.parametrize("name", sorted(STATUS))
def test_each_viewer_gets_each_page_as_their_role_allows_and_no_one_else_s_name(
    cast: Cast, name: str
) -> None:
    signed_in(cast, name)
    pages = status_of(name)
    texts = {path: get(cast, name, path, status) for path, status in pages.items()}
    # Home links every dashboard the viewer can open: none that refuses them, and not the team
    # page when no team is in their reach (it would only say so).
    dashboards = {path for path in DASHBOARDS if pages[path] not in (REFUSED, NOT_FOUND)}
    assert linked_dashboards(texts["/"]) - DEVELOPMENT_PAGES - QUALITY_PAGES == dashboards
    if pages["/my-performance"] == OK:
        assert named(texts["/my-performance"]) == {name}


@pytest.mark.parametrize("name", sorted(STATUS))
def test_each_viewer_s_contact_list_names_exactly_the_agents_in_reach(
    cast: Cast, name: str
) -> None:
    signed_in(cast, name)
    status = status_of(name)["/interactions"]
    text = get(cast, name, f"/interactions?{WEEK}&outcome=offered", status)
    if status == OK:
        assert named(text) == SEES_CONTACTS_NAMED[name]
    for agent, agent_id in cast.org.agents.items():
        # Own record, same team, other team, other site, no team: one agent's contacts.
        text = get(cast, name, f"/interactions?{WEEK}&agent={agent_id}", status)
        if status == OK:
            assert named(text) == {agent} & SEES_CONTACTS_NAMED[name], agent


@pytest.mark.parametrize("name", sorted(STATUS))
def test_each_viewer_opens_only_the_team_pages_in_reach(cast: Cast, name: str) -> None:
    signed_in(cast, name)
    # A role without the team view is refused whichever team it asks for.
    elsewhere = REFUSED if status_of(name)["/team"] == REFUSED else NOT_FOUND
    visible = TEAM_PAGES.get(name, [])
    for team in TEAM_NAMES:
        expected = OK if team in visible else elsewhere
        text = get(cast, name, f"/team?team={cast.team_id(team)}", expected)
        if expected == OK:
            assert named(text) == MEMBERS[team], team
    get(cast, name, f"/team?team={max(cast.org.teams.values()) + 1}", elsewhere)
    if visible:
        # With no team asked for, the page shows the first team the viewer may see.
        assert named(get(cast, name, "/team", OK)) == MEMBERS[visible[0]]


def test_the_team_page_answers_alike_for_another_team_and_no_team(cast: Cast) -> None:
    """A team leader learns nothing from a team id: someone else's team and a made-up one get
    the same answer."""
    signed_in(cast, "lee")
    other = get(cast, "lee", f"/team?team={cast.team_id('B1')}", NOT_FOUND)
    missing = get(cast, "lee", f"/team?team={max(cast.org.teams.values()) + 1}", NOT_FOUND)
    assert main_part(other) == main_part(missing)


@pytest.mark.parametrize(
    "path",
    [
        *[path for path in PAGES if not path.endswith(".json")],
        f"/interactions?{WEEK}&agent=1",
        "/team?team=1",
        "/live.json",
    ],
)
def test_signed_out_every_page_goes_to_the_sign_in_form_and_json_is_401(
    cast: Cast, path: str
) -> None:
    response = cast.client.get(path, follow_redirects=False)
    if path.endswith(".json"):
        assert response.status_code == 401
        assert response.json() == {"detail": "sign in first"}
    else:
        assert (response.status_code, response.headers["location"]) == (303, "/sign-in")
