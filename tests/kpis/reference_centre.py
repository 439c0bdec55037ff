"""The reference centre: two queues, three agents and a team leader whose KPIs are known by hand.

Everything happens in Europe/London in summer time (UTC+1). Times below are local wall-clock times,
written to Switchboard CSV files without an offset and read by the real CSV adapter.

Cast
----
* Queues ``Sales`` and ``Support``: both voice, so both get the channel's default T = 20 s.
* Agents ``Ann``, ``Ben`` and ``Cat``, in team ``Blue`` at site ``Leeds``, led by ``Tina``.
* Customers are phone numbers; ``C1`` is ``07700 900001`` and so on.

Contacts (Tuesday 9 June 2026, plus one on Wednesday 17 June)
--------------------------------------------------------------
Sales (T = 20 s)::

    id   time   outcome      wait talk hold wrap agent cust disposition  note
    s01  09:00  answered       10  300   20   60 Ann   C1   order        repeat s10 inside 7 d
    s02  09:05  answered       25  200    0   40 Ben   C2   billing      repeat u07 after 8 d
    s03  09:10  abandoned       3                                        short abandon
    s04  09:15  abandoned       5                                        short (wait = 5 s)
    s05  09:20  abandoned      15                  C3                    abandon within T
    s06  09:25  abandoned      40                                        abandon beyond T
    s07  09:30  transferred    20   60    0    0 Ann   C4   technical    transfer, wait = T
    s08  09:40  timed_out     120                                        timed-out exit
    s09  10:00  answered        0  100    0   20 Ben   C5   complaint    escalated
    s10  11:00  answered       18  150   10   30 Ann   C1   order        the repeat of s01
    s11  10:30  overflowed                                  full         never offered
    s12  10:35  phantom                                                  never offered
    o01  10:45  outbound answered  60            Ann   C2   billing      outbound: no KPI

Support (T = 20 s)::

    id   time   outcome      wait talk hold wrap agent cust disposition  note
    u01  09:31  answered        8  240   30   30 Cat   C4   technical    segment 2 of s07
    u02  09:45  answered       30  400   60   90 Cat   C6   password
    u03  10:10  abandoned       2                                        short abandon
    u04  10:20  abandoned      60                                        abandon beyond T
    u05  10:50  answered       12  180    0   60 Ben   C7   (none)       repeat u06 (both none)
    u06  11:30  answered        4  120    0   30 Cat   C7   (none)
    u07  17 Jun answered        6  200    0   50 Ann   C2   billing      8 days after s02
         10:00
    u08  11:45  answered        9   90    0   10 Ann   C5   delivery     other reason than s09
    u09  11:50  answered       22   60    0    0 Ben   -    general      no known customer

Surveys::

    v1 csat 5 on s01   v2 csat 3 on u01   v3 nps 10 on s02   v4 nps 6 on u02
    v5 nps 8 on s10    v6 ces 6 on u05    v7 ces 3 on u06    v8 csat 4 on u02

Agent states on 9 June (seconds)::

         available on_contact wrap_up logged_in break lunch training meeting coaching | offline
    Ann       1800       5400     900         0   900     0        0       0        0 |    1800
    Ben       3600       3600       0       600     0  1800      900       0        0 |
    Cat       1200       6300    1200         0     0     0        0    1200      900 |
"""

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import AbandonTreatment
from switchboard.ingest.tabular import TabularAdapter
from switchboard.people.models import Agent, Role, Site, Team, User
from tests.ingest.helpers import run_ingest

ZONE = "Europe/London"
DAY = "2026-06-09"
LATER_DAY = "2026-06-17"
AGAINST, EXCLUDE, IN_FAVOUR = (
    AbandonTreatment.AGAINST,
    AbandonTreatment.EXCLUDE,
    AbandonTreatment.IN_FAVOUR,
)


@dataclass(frozen=True)
class Contact:
    source_id: str
    at: str
    """Local wall-clock time ``HH:MM`` on :data:`DAY`, or a full ``YYYY-MM-DD HH:MM``."""
    queue: str
    outcome: str
    wait: float = 0
    talk: float = 0
    hold: float = 0
    wrap: float = 0
    agent: str = ""
    customer: str = ""
    disposition: str = ""
    transferred: bool = False
    escalated: bool = False
    contact_ref: str = ""
    segment: int = 1
    previous: str = ""
    direction: str = "inbound"


C1, C2, C3, C4, C5, C6, C7 = (f"07700 90000{n}" for n in range(1, 8))

CONTACTS = (
    Contact("s01", "09:00", "Sales", "answered", 10, 300, 20, 60, "Ann", C1, "order"),
    Contact("s02", "09:05", "Sales", "answered", 25, 200, 0, 40, "Ben", C2, "billing"),
    Contact("s03", "09:10", "Sales", "abandoned", 3),
    Contact("s04", "09:15", "Sales", "abandoned", 5),
    Contact("s05", "09:20", "Sales", "abandoned", 15, customer=C3),
    Contact("s06", "09:25", "Sales", "abandoned", 40),
    Contact("s07", "09:30", "Sales", "transferred", 20, 60, 0, 0, "Ann", C4, "technical",
            transferred=True, contact_ref="c07"),
    Contact("s08", "09:40", "Sales", "timed_out", 120),
    Contact("s09", "10:00", "Sales", "answered", 0, 100, 0, 20, "Ben", C5, "complaint",
            escalated=True),
    Contact("s10", "11:00", "Sales", "answered", 18, 150, 10, 30, "Ann", C1, "order"),
    Contact("s11", "10:30", "Sales", "overflowed", disposition="full"),
    Contact("s12", "10:35", "Sales", "phantom"),
    Contact("o01", "10:45", "Sales", "answered", 0, 60, 0, 0, "Ann", C2, "billing",
            direction="outbound"),
    Contact("u01", "09:31", "Support", "answered", 8, 240, 30, 30, "Cat", C4, "technical",
            contact_ref="c07", segment=2, previous="s07"),
    Contact("u02", "09:45", "Support", "answered", 30, 400, 60, 90, "Cat", C6, "password"),
    Contact("u03", "10:10", "Support", "abandoned", 2),
    Contact("u04", "10:20", "Support", "abandoned", 60),
    Contact("u05", "10:50", "Support", "answered", 12, 180, 0, 60, "Ben", C7),
    Contact("u06", "11:30", "Support", "answered", 4, 120, 0, 30, "Cat", C7),
    Contact("u07", f"{LATER_DAY} 10:00", "Support", "answered", 6, 200, 0, 50, "Ann", C2,
            "billing"),
    Contact("u08", "11:45", "Support", "answered", 9, 90, 0, 10, "Ann", C5, "delivery"),
    Contact("u09", "11:50", "Support", "answered", 22, 60, 0, 0, "Ben", "", "general"),
)  # fmt: skip

SURVEYS = (
    ("v1", "s01", "csat", 5),
    ("v2", "u01", "csat", 3),
    ("v3", "s02", "nps", 10),
    ("v4", "u02", "nps", 6),
    ("v5", "s10", "nps", 8),
    ("v6", "u05", "ces", 6),
    ("v7", "u06", "ces", 3),
    ("v8", "u02", "csat", 4),
)

STATES = (
    ("Ann", "available", "09:00", "09:30"),
    ("Ann", "on_contact", "09:30", "10:30"),
    ("Ann", "wrap_up", "10:30", "10:45"),
    ("Ann", "break", "10:45", "11:00"),
    ("Ann", "on_contact", "11:00", "11:30"),
    ("Ann", "offline", "11:30", "12:00"),
    ("Ben", "logged_in", "08:50", "09:00"),
    ("Ben", "available", "09:00", "10:00"),
    ("Ben", "on_contact", "10:00", "11:00"),
    ("Ben", "lunch", "11:00", "11:30"),
    ("Ben", "training", "11:30", "11:45"),
    ("Cat", "available", "09:00", "09:20"),
    ("Cat", "on_contact", "09:20", "10:20"),
    ("Cat", "wrap_up", "10:20", "10:40"),
    ("Cat", "meeting", "10:40", "11:00"),
    ("Cat", "coaching", "11:00", "11:15"),
    ("Cat", "on_contact", "11:15", "12:00"),
)


def _local(at: str) -> datetime:
    text = at if " " in at else f"{DAY} {at}"
    return datetime.fromisoformat(text)


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_files(folder: Path) -> dict[str, Path]:
    """The reference centre as three Switchboard CSV files (local times, no offsets)."""
    folder.mkdir(parents=True, exist_ok=True)
    interactions = []
    for c in CONTACTS:
        arrived = _local(c.at)
        answered = arrived + timedelta(seconds=c.wait) if c.talk else None
        ended = (answered or arrived + timedelta(seconds=c.wait)) + timedelta(seconds=c.talk)
        interactions.append([
            c.source_id, c.contact_ref, c.segment, c.previous, "voice", c.direction, c.queue,
            c.agent, c.customer, arrived.isoformat(sep=" "),
            answered.isoformat(sep=" ") if answered else "", ended.isoformat(sep=" "),
            c.wait, c.talk, c.hold, c.wrap, c.outcome, c.disposition,
            str(c.transferred).lower(), str(c.escalated).lower(),
        ])  # fmt: skip
    header = ["source_id", "contact_ref", "segment", "previous_source_id", "channel", "direction",
              "queue", "agent", "customer", "arrived_at", "answered_at", "ended_at",
              "wait_seconds", "talk_seconds", "hold_seconds", "wrap_seconds", "outcome",
              "disposition", "transferred", "escalated"]  # fmt: skip
    surveys = [[sid, rated, kind, score, f"{DAY} 13:00:00"] for sid, rated, kind, score in SURVEYS]
    states = [[agent, state, f"{DAY} {start}:00", f"{DAY} {end}:00"]
              for agent, state, start, end in STATES]  # fmt: skip
    return {
        "interactions": _write(folder / "interactions.csv", header, interactions),
        "surveys": _write(
            folder / "surveys.csv",
            ["source_id", "interaction_source_id", "kind", "score", "responded_at"],
            surveys,
        ),
        "agent-states": _write(
            folder / "agent_states.csv", ["agent", "state", "started_at", "ended_at"], states
        ),
    }


def ingest_kind(engine: Engine, kind: str, path: Path) -> None:
    run_ingest(engine, TabularAdapter(kind=kind, timezone=ZONE), path, timezone=ZONE)


def load(engine: Engine, files: dict[str, Path], order: tuple[str, ...] | None = None) -> None:
    """Ingest the files, one run per kind in ``order``, then put the agents in team Blue."""
    for kind in order or ("interactions", "agent-states", "surveys"):
        ingest_kind(engine, kind, files[kind])
    form_team(engine)


def form_team(engine: Engine) -> None:
    """Ingestion creates agents without a team; the centre's people side puts them in one."""
    with unit_of_work(engine) as session:
        if session.scalar(select(Team).where(Team.name == "Blue")) is not None:
            return
        site = Site(name="Leeds")
        session.add(site)
        session.flush()
        leader = User(username="tina", display_name="Tina", role=Role.TEAM_LEADER, site_id=site.id)
        session.add(leader)
        session.flush()
        team = Team(name="Blue", site_id=site.id, leader_id=leader.id)
        session.add(team)
        session.flush()
        for agent in session.scalars(select(Agent)):
            agent.team_id = team.id


# --- the figures, worked out by hand ---------------------------------------------------------
#
# Service level differs by abandon treatment, so it is keyed by treatment. Every other KPI uses
# the default settings: short abandon 5 s, each queue's own T (20 s), FCR window 7 days, CSAT
# top two boxes.

SALES: dict[str, Any] = {
    # s01..s10 are inbound queue visits; s11 (overflowed), s12 (phantom) and o01 (outbound) are not.
    "offered": 10,
    # s01, s02, s07 (transferred counts as answered), s09, s10
    "answered": 5,
    # s03..s06 abandoned; s03 (3 s) and s04 (5 s ≤ 5) are short: 4 - 2 = 2 (s05, s06)
    "abandoned": 2,
    "short_abandoned": 2,
    "service_level": {
        # answered within 20 s: s01 (10), s07 (20 ≤ 20), s09 (0), s10 (18) = 4; s02 (25) is not
        EXCLUDE: 4 / 5,  # 4 ÷ 5 answered
        AGAINST: 4 / 7,  # 4 ÷ (5 answered + 2 abandoned); s08 timed out is left out
        IN_FAVOUR: 5 / 7,  # (4 + s05 abandoned at 15 s ≤ 20) ÷ (5 + 2)
    },
    # (10 + 25 + 20 + 0 + 18) ÷ 5 = 73 ÷ 5
    "asa": 14.6,
    # talk 300+200+60+100+150 = 810, hold 20+10 = 30, wrap 60+40+0+20+30 = 150: 990 ÷ 5
    "aht": 198.0,
    "talk_time": 162.0,  # 810 ÷ 5
    "hold_time": 6.0,  # 30 ÷ 5
    "wrap_time": 30.0,  # 150 ÷ 5
    "abandonment_rate": 0.25,  # 2 ÷ (10 offered - 2 short)
    "average_abandon_time": 27.5,  # (15 + 40) ÷ 2
    "longest_wait": 120.0,  # s08 timed out after 120 s
    # known customers among the answered: s01, s02, s07, s09, s10 = 5. Not resolved: s01 (C1
    # calls again about "order" as s10 two hours later). s02: C2's next inbound "billing" is u07,
    # 8 days later (the outbound o01 is not a repeat). s07: u01 is the same contact (c07).
    # s09: C5 calls again, but about "delivery". 4 ÷ 5
    "fcr": 0.8,
    "transfer_rate": 0.2,  # s07: 1 ÷ 5
    "escalation_rate": 0.2,  # s09: 1 ÷ 5
    "occupancy": None,  # agent states belong to people, not queues
    "utilisation": None,
    "shrinkage": None,
    "csat": 1.0,  # v1 scores 5 on 1-5: 1 satisfied ÷ 1
    "nps": 50.0,  # v3 10 promoter, v5 8 passive: 100 x (1 - 0) ÷ 2
    "ces": None,  # no CES response rates a Sales contact
    "response_rate": 0.6,  # s01, s02, s10 were surveyed: 3 ÷ 5
}

SUPPORT: dict[str, Any] = {
    "offered": 9,  # u01..u09
    "answered": 7,  # u01, u02, u05, u06, u07, u08, u09
    "abandoned": 1,  # u03 (2 s) is short; u04 (60 s) is not
    "short_abandoned": 1,
    "service_level": {
        # answered within 20 s: u01 (8), u05 (12), u06 (4), u07 (6), u08 (9) = 5; u02, u09 not
        EXCLUDE: 5 / 7,
        AGAINST: 5 / 8,  # 5 ÷ (7 + 1)
        IN_FAVOUR: 5 / 8,  # (5 + 0 abandoned within T) ÷ (7 + 1)
    },
    "asa": 13.0,  # (8 + 30 + 12 + 4 + 6 + 9 + 22) ÷ 7 = 91 ÷ 7
    # talk 240+400+180+120+200+90+60 = 1290, hold 30+60 = 90, wrap 30+90+60+30+50+10 = 270
    "aht": 1650 / 7,  # (1290 + 90 + 270) ÷ 7
    "talk_time": 1290 / 7,
    "hold_time": 90 / 7,
    "wrap_time": 270 / 7,
    "abandonment_rate": 0.125,  # 1 ÷ (9 - 1)
    "average_abandon_time": 60.0,  # 60 ÷ 1
    "longest_wait": 60.0,  # u04
    # known customers: u01, u02, u05, u06, u07, u08 = 6 (u09 has none). u05 is not resolved: C7
    # calls again 40 minutes later (u06) and both have no disposition, which counts as the same.
    "fcr": 5 / 6,
    "transfer_rate": 0.0,  # 0 ÷ 7: a value of zero, not "no data"
    "escalation_rate": 0.0,
    "occupancy": None,
    "utilisation": None,
    "shrinkage": None,
    "csat": 0.5,  # v2 3 (not top two), v8 4: 1 ÷ 2
    "nps": -100.0,  # v4 6 detractor: 100 x (0 - 1) ÷ 1
    "ces": 4.5,  # (6 + 3) ÷ 2
    "response_rate": 4 / 7,  # u01, u02 (two responses, one contact), u05, u06
}

# Agent states, per agent: paid = every state but offline.
#   Ann: busy = 5400 + 900 = 6300; paid = 1800 + 5400 + 900 + 900 = 9000
#   Ben: busy = 3600; paid = 600 + 3600 + 3600 + 1800 + 900 = 10500
#   Cat: busy = 6300 + 1200 = 7500; paid = 1200 + 6300 + 1200 + 1200 + 900 = 10800
#   All: busy = 6300 + 3600 + 7500 = 17400; available 1800 + 3600 + 1200 = 6600;
#        paid = 9000 + 10500 + 10800 = 30300; away = 900 + (1800 + 900) + (1200 + 900) = 5700
STATES_ALL = {
    "occupancy": 0.725,  # 17400 ÷ (17400 + 6600) = 17400 ÷ 24000
    "utilisation": 17400 / 30300,
    "shrinkage": 5700 / 30300,
}

TOTALS: dict[str, Any] = {
    "offered": 19,  # 10 + 9
    "answered": 12,  # 5 + 7
    "abandoned": 3,  # 2 + 1
    "short_abandoned": 3,  # 2 + 1
    "service_level": {
        EXCLUDE: 9 / 12,  # (4 + 5) ÷ 12
        AGAINST: 9 / 15,  # 9 ÷ (12 + 3)
        IN_FAVOUR: 10 / 15,  # (9 + 1) ÷ (12 + 3)
    },
    "asa": 164 / 12,  # (73 + 91) ÷ 12
    "aht": 220.0,  # (990 + 1650) ÷ 12 = 2640 ÷ 12
    "talk_time": 175.0,  # (810 + 1290) ÷ 12
    "hold_time": 10.0,  # (30 + 90) ÷ 12
    "wrap_time": 35.0,  # (150 + 270) ÷ 12
    "abandonment_rate": 0.1875,  # 3 ÷ (19 - 3)
    "average_abandon_time": 115 / 3,  # (15 + 40 + 60) ÷ 3
    "longest_wait": 120.0,
    "fcr": 9 / 11,  # (4 + 5) ÷ (5 + 6)
    "transfer_rate": 1 / 12,
    "escalation_rate": 1 / 12,
    **STATES_ALL,
    "csat": 2 / 3,  # (1 + 1) ÷ (1 + 2)
    "nps": 0.0,  # one promoter, one detractor, one passive: 100 x (1 - 1) ÷ 3
    "ces": 4.5,  # (6 + 3) ÷ 2
    "response_rate": 7 / 12,  # (3 + 4) ÷ 12
}

ANN: dict[str, Any] = {
    # inbound contacts Ann answered: s01, s07, s10, u07, u08 (o01 is outbound)
    "offered": 5,
    "answered": 5,
    "abandoned": 0,
    "short_abandoned": 0,
    # within 20 s: s01 (10), s07 (20), s10 (18), u07 (6), u08 (9): 5 ÷ 5, nothing abandoned
    "service_level": {EXCLUDE: 1.0, AGAINST: 1.0, IN_FAVOUR: 1.0},
    "asa": 12.6,  # (10 + 20 + 18 + 6 + 9) ÷ 5 = 63 ÷ 5
    # talk 300+60+150+200+90 = 800, hold 20+10 = 30, wrap 60+0+30+50+10 = 150: 980 ÷ 5
    "aht": 196.0,
    "talk_time": 160.0,
    "hold_time": 6.0,
    "wrap_time": 30.0,
    "abandonment_rate": 0.0,  # 0 ÷ (5 - 0)
    "average_abandon_time": None,  # nothing abandoned: no value
    "longest_wait": 20.0,  # s07
    "fcr": 0.8,  # s01 repeated (s10); s07, s10, u07, u08 resolved: 4 ÷ 5
    "transfer_rate": 0.2,  # s07: 1 ÷ 5
    "escalation_rate": 0.0,
    "occupancy": 6300 / 8100,  # 6300 ÷ (6300 + 1800 available)
    "utilisation": 0.7,  # 6300 ÷ 9000
    "shrinkage": 0.1,  # 900 break ÷ 9000
    "csat": 1.0,  # v1 5
    "nps": 0.0,  # v5 8 is passive: 100 x (0 - 0) ÷ 1
    "ces": None,
    "response_rate": 0.4,  # s01, s10: 2 ÷ 5
}

BEN: dict[str, Any] = {
    "offered": 4,  # s02, s09, u05, u09
    "answered": 4,
    "abandoned": 0,
    "short_abandoned": 0,
    # within 20 s: s09 (0), u05 (12) = 2; s02 (25) and u09 (22) not: 2 ÷ 4
    "service_level": {EXCLUDE: 0.5, AGAINST: 0.5, IN_FAVOUR: 0.5},
    "asa": 14.75,  # (25 + 0 + 12 + 22) ÷ 4 = 59 ÷ 4
    # talk 200+100+180+60 = 540, hold 0, wrap 40+20+60+0 = 120: 660 ÷ 4
    "aht": 165.0,
    "talk_time": 135.0,
    "hold_time": 0.0,
    "wrap_time": 30.0,
    "abandonment_rate": 0.0,
    "average_abandon_time": None,
    "longest_wait": 25.0,  # s02
    "fcr": 2 / 3,  # s02 and s09 resolved, u05 repeated (u06); u09 has no customer
    "transfer_rate": 0.0,
    "escalation_rate": 0.25,  # s09: 1 ÷ 4
    "occupancy": 0.5,  # 3600 ÷ (3600 + 3600)
    "utilisation": 3600 / 10500,
    "shrinkage": 2700 / 10500,  # (lunch 1800 + training 900) ÷ 10500
    "csat": None,
    "nps": 100.0,  # v3 10: 100 x (1 - 0) ÷ 1
    "ces": 6.0,  # v6
    "response_rate": 0.5,  # s02, u05: 2 ÷ 4
}

CAT: dict[str, Any] = {
    "offered": 3,  # u01, u02, u06
    "answered": 3,
    "abandoned": 0,
    "short_abandoned": 0,
    # within 20 s: u01 (8), u06 (4); u02 (30) not: 2 ÷ 3
    "service_level": {EXCLUDE: 2 / 3, AGAINST: 2 / 3, IN_FAVOUR: 2 / 3},
    "asa": 14.0,  # (8 + 30 + 4) ÷ 3
    # talk 240+400+120 = 760, hold 30+60 = 90, wrap 30+90+30 = 150: 1000 ÷ 3
    "aht": 1000 / 3,
    "talk_time": 760 / 3,
    "hold_time": 30.0,
    "wrap_time": 50.0,
    "abandonment_rate": 0.0,
    "average_abandon_time": None,
    "longest_wait": 30.0,  # u02
    "fcr": 1.0,  # u01, u02, u06: 3 ÷ 3
    "transfer_rate": 0.0,
    "escalation_rate": 0.0,
    "occupancy": 7500 / 8700,  # 7500 ÷ (7500 + 1200)
    "utilisation": 7500 / 10800,
    "shrinkage": 2100 / 10800,  # (meeting 1200 + coaching 900) ÷ 10800
    "csat": 0.5,  # v2 3, v8 4: 1 ÷ 2
    "nps": -100.0,  # v4 6
    "ces": 3.0,  # v7
    "response_rate": 1.0,  # u01, u02, u06: 3 ÷ 3
}

NO_AGENT: dict[str, Any] = {
    # s03, s04, s05, s06, s08 and u03, u04 reached no agent
    "offered": 7,
    "answered": 0,
    "abandoned": 3,  # s05, s06, u04 (s03, s04, u03 are short)
    "short_abandoned": 3,
    "service_level": {
        EXCLUDE: None,  # nothing answered: 0 ÷ 0
        AGAINST: 0.0,  # 0 ÷ (0 + 3)
        IN_FAVOUR: 1 / 3,  # (0 + s05) ÷ (0 + 3)
    },
    "asa": None,
    "aht": None,
    "talk_time": None,
    "hold_time": None,
    "wrap_time": None,
    "abandonment_rate": 0.75,  # 3 ÷ (7 - 3)
    "average_abandon_time": 115 / 3,  # (15 + 40 + 60) ÷ 3
    "longest_wait": 120.0,
    "fcr": None,
    "transfer_rate": None,
    "escalation_rate": None,
    "occupancy": None,
    "utilisation": None,
    "shrinkage": None,
    "csat": None,
    "nps": None,
    "ces": None,
    "response_rate": None,
}

BY_QUEUE = {"Sales": SALES, "Support": SUPPORT}
BY_AGENT = {"Ann": ANN, "Ben": BEN, "Cat": CAT, None: NO_AGENT}


def expected(figures: dict[str, Any], treatment: AbandonTreatment) -> dict[str, Any]:
    """The figures with service level picked for ``treatment``; the reference centre has no
    quality evaluations, so no QA score or compliance pass rate."""
    no_evaluations = {"qa_score": None, "compliance_pass_rate": None}
    return {**figures, "service_level": figures["service_level"][treatment], **no_evaluations}


TEAM_BLUE: dict[str, Any] = {
    # every contact an agent answered: Ann 5 + Ben 4 + Cat 3
    "offered": 12,
    "answered": 12,
    "abandoned": 0,
    "short_abandoned": 0,
    # within 20 s: Ann 5 + Ben 2 + Cat 2 = 9 of 12, nothing abandoned
    "service_level": {EXCLUDE: 0.75, AGAINST: 0.75, IN_FAVOUR: 0.75},
    "asa": 164 / 12,  # (63 + 59 + 42) ÷ 12
    "aht": 220.0,  # (980 + 660 + 1000) ÷ 12
    "talk_time": 175.0,  # (800 + 540 + 760) ÷ 12
    "hold_time": 10.0,  # (30 + 0 + 90) ÷ 12
    "wrap_time": 35.0,  # (150 + 120 + 150) ÷ 12
    "abandonment_rate": 0.0,
    "average_abandon_time": None,
    "longest_wait": 30.0,  # u02 (Cat)
    "fcr": 9 / 11,  # (4 + 2 + 3) ÷ (5 + 3 + 3)
    "transfer_rate": 1 / 12,
    "escalation_rate": 1 / 12,
    **STATES_ALL,  # the whole team is the whole centre's staff
    "csat": 2 / 3,  # (1 + 0 + 1) ÷ (1 + 0 + 2)
    "nps": 0.0,  # Ann's passive, Ben's promoter, Cat's detractor: 100 x (1 - 1) ÷ 3
    "ces": 4.5,  # (6 + 3) ÷ 2
    "response_rate": 7 / 12,  # (2 + 2 + 3) ÷ 12
}
BY_TEAM = {"Blue": TEAM_BLUE, None: NO_AGENT}
