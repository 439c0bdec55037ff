"""The reference centre (tests/kpis/reference_centre.py) with the contacts goals need beyond it.

Everything in the reference centre stays as it is: 9 and 17 June 2026, team Blue (Ann, Ben,
Cat) led by Tina. Added, each contact one Sales call whose handle time is all talk:

* Two weeks in May, with two more agents in Blue (Dan, Eve), for the Achievable check::

             12 May (previous week)   19 May (baseline week, 18 to 24 May)   change
      Ann          320 s                    300 s                           −20 s
      Ben          300 s                    250 s                           −50 s
      Cat          290 s                    280 s                           −10 s
      Dan          320 s                    320 s                             0 s
      Eve          270 s                    260 s                           −10 s

* Ann's weeks after the reference centre, for progress: 190 s on Tuesday 23 June, 180 s on
  30 June and 170 s on 7 July (one call each).
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import KpiSettings
from switchboard.goals.checking import Reading
from switchboard.people.models import Agent, Role, Team, User
from tests.kpis import reference_centre as rc

MAY = {
    "Ann": (320, 300), "Ben": (300, 250), "Cat": (290, 280), "Dan": (320, 320),
    "Eve": (270, 260),
}  # fmt: skip
ANN_WEEKS = {"2026-06-23": 190, "2026-06-30": 180, "2026-07-07": 170}
HEADER = ["source_id", "channel", "direction", "queue", "agent", "arrived_at", "answered_at",
          "ended_at", "wait_seconds", "talk_seconds", "hold_seconds", "wrap_seconds", "outcome",
          "transferred", "escalated"]  # fmt: skip


@dataclass(frozen=True)
class Centre:
    engine: Engine
    agents: dict[str, int]
    team_id: int
    site_id: int

    def viewer(self, username: str) -> Viewer:
        with unit_of_work(self.engine) as session:
            user = session.scalars(select(User).where(User.username == username)).one()
            return load_viewer(session=session, user=user)


def reading(today: date) -> Reading:
    return Reading(KpiSettings(), rc.ZONE, today)


def _calls() -> list[tuple[str, str, int]]:
    """(agent, local day, seconds) for every added call."""
    calls = []
    for agent, (before, during) in MAY.items():
        calls += [(agent, "2026-05-12", before), (agent, "2026-05-19", during)]
    return calls + [("Ann", day, seconds) for day, seconds in ANN_WEEKS.items()]


def _write(folder: Path) -> Path:
    path = folder / "goal_contacts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n, (agent, day, seconds) in enumerate(_calls()):
            ended = f"{day} 10:{seconds // 60:02d}:{seconds % 60:02d}"
            writer.writerow([f"g{n:02d}", "voice", "inbound", "Sales", agent, f"{day} 10:00:00",
                             f"{day} 10:00:00", ended, 0, seconds, 0, 0, "answered", "false",
                             "false"])  # fmt: skip
    return path


def load(engine: Engine, folder: Path) -> Centre:
    """The reference centre, the added calls, Dan and Eve in Blue, and a manager of Leeds."""
    rc.load(engine, rc.write_files(folder))
    rc.ingest_kind(engine, "interactions", _write(folder))
    with unit_of_work(engine) as session:
        team = session.scalars(select(Team).where(Team.name == "Blue")).one()
        for agent in session.scalars(select(Agent).where(Agent.team_id.is_(None))):
            agent.team_id = team.id
        session.add(User(username="mo", display_name="Mo", role=Role.MANAGER,
                         site_id=team.site_id))  # fmt: skip
        agents = {a.display_name: a.id for a in session.scalars(select(Agent))}
        return Centre(engine, agents, team.id, team.site_id or 0)
