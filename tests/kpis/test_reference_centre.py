"""Every KPI of the reference centre against figures worked out by hand.

The centre, its contacts and the arithmetic behind each expected figure are in
``reference_centre.py``. Each test runs on SQLite and PostgreSQL, and reads the store both ways:
from the aggregates and from the raw rows. Both must give the hand-worked figures.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select

from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import REGISTRY, AbandonTreatment, Family, KpiSettings
from switchboard.kpis import refresh
from switchboard.kpis.models import CONTACT_TABLES, STATE_TABLES
from switchboard.kpis.service import Report, ReportRequest, build_report
from switchboard.kpis.targets import set_target

from . import reference_centre as rc

LONDON = ZoneInfo(rc.ZONE)
# The whole history as local days: Tuesday 9 June to the end of Wednesday 17 June 2026.
START = datetime(2026, 6, 9, tzinfo=LONDON)
END = datetime(2026, 6, 18, tzinfo=LONDON)
SOURCES = ["aggregates", "raw"]
TREATMENTS = list(AbandonTreatment)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return rc.write_files(tmp_path / "centre")


@pytest.fixture
def centre(engine: Engine, files: dict[str, Path]) -> Engine:
    rc.load(engine, files)
    return engine


def report(
    engine: Engine,
    by: tuple[str, ...] = (),
    *,
    source: str = "aggregates",
    settings: KpiSettings | None = None,
    **request: Any,
) -> Report:
    request.setdefault("start", START)
    request.setdefault("end", END)
    request.setdefault("timezone", rc.ZONE)
    with unit_of_work(engine) as session:
        return build_report(
            session=session,
            request=ReportRequest(by=by, source=source, **request),  # type: ignore[arg-type]
            settings=settings or KpiSettings(),
        )


def figures(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in REGISTRY}


def rows_by(result: Report, dim: str) -> dict[Any, dict[str, Any]]:
    return {row[dim]: figures(row) for row in result.as_dict()["rows"]}


@pytest.mark.parametrize("treatment", TREATMENTS)
@pytest.mark.parametrize("source", SOURCES)
def test_each_queue_has_the_hand_worked_figures(
    centre: Engine, source: str, treatment: AbandonTreatment
) -> None:
    result = report(centre, ("queue",), source=source,
                    settings=KpiSettings(abandon_treatment=treatment))  # fmt: skip
    assert result.settings["source"].startswith(source)
    queues = rows_by(result, "queue")
    assert set(queues) == {"Sales", "Support"}
    for name, hand in rc.BY_QUEUE.items():
        assert queues[name] == pytest.approx(rc.expected(hand, treatment)), name


@pytest.mark.parametrize("treatment", TREATMENTS)
@pytest.mark.parametrize("source", SOURCES)
def test_each_agent_has_the_hand_worked_figures(
    centre: Engine, source: str, treatment: AbandonTreatment
) -> None:
    result = report(centre, ("agent",), source=source,
                    settings=KpiSettings(abandon_treatment=treatment))  # fmt: skip
    agents = rows_by(result, "agent")
    assert set(agents) == set(rc.BY_AGENT)
    for name, hand in rc.BY_AGENT.items():
        assert agents[name] == pytest.approx(rc.expected(hand, treatment)), name


@pytest.mark.parametrize("treatment", TREATMENTS)
@pytest.mark.parametrize("source", SOURCES)
def test_the_centre_totals_have_the_hand_worked_figures(
    centre: Engine, source: str, treatment: AbandonTreatment
) -> None:
    settings = KpiSettings(abandon_treatment=treatment)
    hand = rc.expected(rc.TOTALS, treatment)
    whole = report(centre, source=source, settings=settings).as_dict()
    assert [figures(row) for row in whole["rows"]] == [pytest.approx(hand)]
    assert figures(whole["totals"]) == pytest.approx(hand)
    # The totals of a report split by agent or team add the rows up to the same centre.
    for by in (("agent",), ("team",)):
        totals = report(centre, by, source=source, settings=settings).as_dict()["totals"]
        assert figures(totals) == pytest.approx(hand), by


@pytest.mark.parametrize("source", SOURCES)
def test_contact_totals_of_a_report_by_queue_are_the_centres(centre: Engine, source: str) -> None:
    totals = figures(report(centre, ("queue",), source=source).as_dict()["totals"])
    contact_kpis = {name for name, kpi in REGISTRY.items() if kpi.family is not Family.STATES}
    hand = rc.expected(rc.TOTALS, AbandonTreatment.AGAINST)
    assert {n: totals[n] for n in contact_kpis} == pytest.approx({n: hand[n] for n in contact_kpis})


@pytest.mark.parametrize("source", SOURCES)
def test_the_team_and_its_site_have_the_hand_worked_figures(centre: Engine, source: str) -> None:
    for dim, name in (("team", "Blue"), ("site", "Leeds")):
        rows = rows_by(report(centre, (dim,), source=source), dim)
        assert set(rows) == {name, None}
        assert rows[name] == pytest.approx(rc.expected(rc.TEAM_BLUE, AbandonTreatment.AGAINST))
        assert rows[None] == pytest.approx(rc.expected(rc.NO_AGENT, AbandonTreatment.AGAINST))


@pytest.mark.parametrize("source", SOURCES)
def test_each_queue_of_each_agent_adds_up_to_the_agent(centre: Engine, source: str) -> None:
    rows = report(centre, ("agent", "queue"), source=source, kpis=("offered", "answered",
                  "aht", "fcr")).as_dict()["rows"]  # fmt: skip
    cells = {(row["agent"], row["queue"]): row for row in rows}
    # Ann: s01, s07, s10 in Sales; u07, u08 in Support
    assert cells["Ann", "Sales"]["answered"] == 3
    assert cells["Ann", "Support"]["answered"] == 2
    # Ann in Sales: talk 300+60+150 = 510, hold 20+10 = 30, wrap 60+0+30 = 90: 630 ÷ 3
    assert cells["Ann", "Sales"]["aht"] == pytest.approx(210.0)
    # s01 is repeated by s10, s07 and s10 are resolved: 2 ÷ 3
    assert cells["Ann", "Sales"]["fcr"] == pytest.approx(2 / 3)
    # Ben: s02, s09 in Sales; u05, u09 in Support (u09 has no customer, u05 is repeated)
    assert cells["Ben", "Support"]["fcr"] == pytest.approx(0.0)
    # Nobody took s03..s06, s08 (Sales) or u03, u04 (Support)
    assert cells[None, "Sales"]["offered"] == 5
    assert cells[None, "Support"]["offered"] == 2


@pytest.mark.parametrize("source", SOURCES)
def test_a_kpi_with_no_data_is_none_and_never_zero(centre: Engine, source: str) -> None:
    queues = rows_by(report(centre, ("queue",), source=source), "queue")
    assert queues["Sales"]["ces"] is None  # no CES response rates a Sales contact
    assert queues["Support"]["ces"] == pytest.approx(4.5)
    assert all(queues[q][k] is None for q in queues for k in ("occupancy", "utilisation"))
    agents = rows_by(report(centre, ("agent",), source=source), "agent")
    assert agents["Ben"]["csat"] is None  # Ben's contacts got NPS and CES answers only
    assert agents["Ann"]["average_abandon_time"] is None  # an agent never has an abandon
    for kpi in ("asa", "aht", "response_rate", "fcr"):
        assert agents[None][kpi] is None, kpi  # nobody answered these contacts
    # ... while a true zero stays 0: Support transferred nothing out of 7 answered.
    assert queues["Support"]["transfer_rate"] == 0.0


@pytest.mark.parametrize("source", SOURCES)
def test_a_day_with_no_contacts_has_no_figures(centre: Engine, source: str) -> None:
    quiet = report(centre, source=source, start=datetime(2026, 6, 12, tzinfo=LONDON),
                   end=datetime(2026, 6, 13, tzinfo=LONDON)).as_dict()  # fmt: skip
    # A report with no split has at most its one row, and it is the totals.
    assert all(figures(row) == figures(quiet["totals"]) for row in quiet["rows"])
    assert quiet["totals"]["offered"] == 0
    assert all(value is None for name, value in quiet["totals"].items()
               if REGISTRY[name].unit.value != "contacts")  # fmt: skip


def test_the_settings_block_names_every_setting_used(centre: Engine) -> None:
    settings = KpiSettings(
        abandon_treatment=AbandonTreatment.IN_FAVOUR,
        short_abandon_seconds=10,
        fcr_window_seconds=3600,
        csat_top_boxes=1,
    )
    meta = report(centre, ("queue",), settings=settings).as_dict()["settings"]
    for kpi in REGISTRY.values():
        for name in kpi.settings:
            assert name in meta, (kpi.name, name)
    assert meta["abandon_treatment"] == "in_favour"
    assert meta["short_abandon_seconds"] == 10
    assert meta["service_level_seconds"] is None  # each queue's own T ...
    assert meta["queue_service_level_seconds"] == {"Sales": 20, "Support": 20}  # ... which is
    assert meta["fcr_window_seconds"] == 3600
    assert meta["csat_top_boxes"] == 1
    assert meta["timezone"] == rc.ZONE
    assert meta["from"] == "2026-06-09T00:00:00+01:00"
    assert meta["to"] == "2026-06-18T00:00:00+01:00"
    assert meta["by"] == ["queue"]
    assert meta["kpis"] == list(REGISTRY)


@pytest.mark.parametrize("source", SOURCES)
def test_other_settings_change_the_figures_as_worked_out(centre: Engine, source: str) -> None:
    settings = KpiSettings(short_abandon_seconds=0, csat_top_boxes=1, fcr_window_seconds=3600,
                           service_level_seconds=10)  # fmt: skip
    queues = rows_by(report(centre, ("queue",), source=source, settings=settings), "queue")
    sales, support = queues["Sales"], queues["Support"]
    # No short abandons: Sales abandoned s03, s04, s05, s06 = 4; Support u03, u04 = 2
    assert (sales["abandoned"], sales["short_abandoned"]) == (4, 0)
    assert (support["abandoned"], support["short_abandoned"]) == (2, 0)
    assert sales["abandonment_rate"] == pytest.approx(4 / 10)  # 4 ÷ (10 - 0)
    assert sales["average_abandon_time"] == pytest.approx(63 / 4)  # (3 + 5 + 15 + 40) ÷ 4
    # T = 10 s: Sales answered within: s01 (10), s09 (0) = 2 ÷ (5 + 4) against
    assert sales["service_level"] == pytest.approx(2 / 9)
    # Support within 10 s: u01 (8), u06 (4), u07 (6), u08 (9) = 4 ÷ (7 + 2)
    assert support["service_level"] == pytest.approx(4 / 9)
    # Top box only: Sales v1 5 → 1 ÷ 1; Support v2 3, v8 4 → 0 ÷ 2
    assert (sales["csat"], support["csat"]) == (pytest.approx(1.0), pytest.approx(0.0))
    # A one-hour window: s01 (09:00) → s10 (11:00) is 2 h apart, so s01 is now resolved: 5 ÷ 5.
    # u05 (10:50) → u06 (11:30) is 40 min apart: still a repeat, 5 ÷ 6.
    assert sales["fcr"] == pytest.approx(1.0)
    assert support["fcr"] == pytest.approx(5 / 6)


@pytest.mark.parametrize("source", SOURCES)
def test_a_daily_report_has_one_row_per_local_day_with_data(centre: Engine, source: str) -> None:
    rows = report(centre, ("interval",), source=source, kpis=("offered", "answered")).rows
    assert rows == [
        # 9 June: Sales 10 + Support 8 (u01..u06, u08, u09); answered 5 + 6
        {"interval_start": "2026-06-09T00:00:00+01:00", "offered": 18, "answered": 11},
        # 17 June: u07
        {"interval_start": "2026-06-17T00:00:00+01:00", "offered": 1, "answered": 1},
    ]


@pytest.mark.parametrize("source", SOURCES)
def test_a_report_over_all_history_includes_the_last_local_day(centre: Engine, source: str) -> None:
    """No range given: the report runs from the first local day to the end of the last one."""
    result = report(centre, source=source, start=None, end=None).as_dict()
    assert result["settings"]["to"] == "2026-06-18T00:00:00+01:00"
    assert figures(result["totals"]) == pytest.approx(
        rc.expected(rc.TOTALS, AbandonTreatment.AGAINST)
    )


@pytest.mark.parametrize("source", SOURCES)
def test_a_range_given_in_utc_reads_the_same_local_days(centre: Engine, source: str) -> None:
    """17 June in London is 16 June 23:00 UTC to 17 June 23:00 UTC: only u07 is in it."""
    rows = report(centre, ("queue",), source=source, kpis=("offered",),
                  start=datetime(2026, 6, 16, 23, tzinfo=UTC),
                  end=datetime(2026, 6, 17, 23, tzinfo=UTC)).rows  # fmt: skip
    assert rows == [{"queue": "Support", "offered": 1}]


def _fingerprint(engine: Engine) -> list[dict[str, Any]]:
    reports = []
    for by in [(), ("queue",), ("agent",), ("team",), ("interval", "queue")]:
        for source in SOURCES:
            reports.append(report(engine, by, source=source).as_dict())
    for settings in (KpiSettings(abandon_treatment=AbandonTreatment.EXCLUDE),
                     KpiSettings(short_abandon_seconds=10)):  # fmt: skip
        reports.append(report(engine, ("queue",), settings=settings).as_dict())
    return reports


def _aggregate_rows(engine: Engine) -> dict[str, int]:
    with unit_of_work(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (*CONTACT_TABLES, *STATE_TABLES)
        }


def test_reingesting_the_same_files_changes_no_figure(
    centre: Engine, files: dict[str, Path]
) -> None:
    before, stored = _fingerprint(centre), _aggregate_rows(centre)
    rc.load(centre, files)
    rc.load(centre, files, order=("surveys", "agent-states", "interactions"))
    assert _aggregate_rows(centre) == stored
    assert _fingerprint(centre) == before
    totals = report(centre).as_dict()["totals"]
    assert figures(totals) == pytest.approx(rc.expected(rc.TOTALS, AbandonTreatment.AGAINST))


@pytest.mark.parametrize(
    "order",
    [
        ("surveys", "interactions", "agent-states"),  # responses wait for their contacts
        ("agent-states", "interactions", "surveys"),
    ],
)
def test_the_order_of_the_runs_does_not_change_any_figure(
    engine: Engine, files: dict[str, Path], order: tuple[str, ...]
) -> None:
    rc.load(engine, files, order=order)
    for source in SOURCES:
        agents = rows_by(report(engine, ("agent",), source=source), "agent")
        for name, hand in rc.BY_AGENT.items():
            assert agents[name] == pytest.approx(rc.expected(hand, AbandonTreatment.AGAINST))
        queues = rows_by(report(engine, ("queue",), source=source), "queue")
        for name, hand in rc.BY_QUEUE.items():
            assert queues[name] == pytest.approx(rc.expected(hand, AbandonTreatment.AGAINST))


def test_surveys_loaded_in_a_later_run_give_the_same_figures_as_with_the_contacts(
    engine: Engine, files: dict[str, Path], tmp_path: Path
) -> None:
    """Load contacts and states, report, then load the surveys: only survey KPIs move."""
    rc.ingest_kind(engine, "interactions", files["interactions"])
    rc.ingest_kind(engine, "agent-states", files["agent-states"])
    rc.form_team(engine)
    early = figures(report(engine, ("queue",)).as_dict()["rows"][0])
    assert early["csat"] is None  # Sales, before the surveys
    assert early["response_rate"] == 0.0
    rc.ingest_kind(engine, "surveys", files["surveys"])
    for source in SOURCES:
        queues = rows_by(report(engine, ("queue",), source=source), "queue")
        for name, hand in rc.BY_QUEUE.items():
            assert queues[name] == pytest.approx(rc.expected(hand, AbandonTreatment.AGAINST))


def test_rebuilding_the_aggregates_from_history_gives_the_same_figures(centre: Engine) -> None:
    before = _fingerprint(centre)
    with unit_of_work(centre) as session:
        refresh.rebuild(session=session, timezone=rc.ZONE)
    assert _fingerprint(centre) == before


def test_aggregates_built_in_another_timezone_are_not_used(centre: Engine) -> None:
    """The aggregates' local days are London days; a New York report must read raw rows."""
    result = report(centre, ("queue",), source="auto", timezone="America/New_York",
                    start=None, end=None).as_dict()  # fmt: skip
    assert result["settings"]["source"] == "raw"
    assert sum(row["offered"] for row in result["rows"]) == 19


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("microsecond", [0, 500_000, 123_457])
@pytest.mark.parametrize(("gap", "resolved"), [(7 * 86400, 0.0), (7 * 86400 + 1, 1.0)])
def test_a_repeat_exactly_at_the_end_of_the_fcr_window_still_counts(
    engine: Engine, tmp_path: Path, gap: int, resolved: float, microsecond: int, source: str
) -> None:
    """Window 7 days = 604,800 s: a repeat 604,800 s later is inside it, 604,801 s is not,
    also when the times carry fractions of a second."""
    first = datetime(2026, 6, 9, 8, 0, 0, microsecond, tzinfo=UTC)
    later = datetime.fromtimestamp(first.timestamp() + gap, UTC)
    path = tmp_path / "pair.csv"
    path.write_text(
        "source_id,queue,agent,customer,arrived_at,wait_seconds,talk_seconds,outcome,disposition\n"
        f"x1,Sales,Ann,07700 900009,{first.isoformat()},5,60,answered,order\n"
        f"x2,Sales,Ann,07700 900009,{later.isoformat()},5,60,answered,order\n",
        encoding="utf-8",
    )
    rc.ingest_kind(engine, "interactions", path)
    result = report(engine, source=source, kpis=("fcr",), start=datetime(2026, 6, 9, tzinfo=LONDON),
                    end=datetime(2026, 6, 10, tzinfo=LONDON)).as_dict()  # fmt: skip
    # only x1 arrives on 9 June: resolved unless x2 is a repeat inside the window
    assert result["totals"]["fcr"] == resolved


@pytest.mark.parametrize("source", SOURCES)
def test_targets_colour_each_row_with_the_most_specific_target(centre: Engine, source: str) -> None:
    with unit_of_work(centre) as session:
        set_target(session=session, kpi="service_level", green=0.6, amber=0.5)  # the centre
        set_target(session=session, kpi="service_level", green=0.8, amber=0.7, queue="Sales")
        set_target(session=session, kpi="aht", green=200, amber=250, team="Blue")
    queues = {row["queue"]: row for row in report(centre, ("queue",), source=source).rows}
    # Sales 4/7 = 0.571 against its own 0.8/0.7: red. Support 5/8 = 0.625 against the centre's
    # 0.6/0.5: green.
    assert queues["Sales"]["rag"] == {"service_level": "red"}
    assert queues["Support"]["rag"] == {"service_level": "green"}
    agents = {row["agent"]: row for row in report(centre, ("agent",), source=source).rows}
    # AHT against team Blue's 200/250 (lower is better): Ann 196 green, Ben 165 green, Cat 333
    # red. Service level against the centre's: Ann 1.0 green, Ben 0.5 amber, Cat 0.667 green.
    assert agents["Ann"]["rag"] == {"service_level": "green", "aht": "green"}
    assert agents["Ben"]["rag"] == {"service_level": "amber", "aht": "green"}
    assert agents["Cat"]["rag"] == {"service_level": "green", "aht": "red"}
    # Nobody's contacts: no team, so no AHT target; service level 0 ÷ 3 against 0.6/0.5: red.
    assert agents[None]["rag"] == {"service_level": "red"}
    # The centre: 9 ÷ 15 = 0.6, exactly green; the team's AHT target is not the centre's.
    assert report(centre, source=source).totals["rag"] == {"service_level": "green"}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("window_days", [1, 7, 10])
def test_a_repeat_loaded_days_later_unresolves_the_earlier_contact(
    engine: Engine, tmp_path: Path, source: str, window_days: int
) -> None:
    """Tuesday's import holds x1; Friday's import brings x2, the same customer on the same
    reason 3 days later. Friday's import touches only Friday, yet Tuesday's FCR must drop."""
    header = (
        "source_id,queue,agent,customer,arrived_at,wait_seconds,talk_seconds,outcome,disposition\n"
    )
    tuesday, friday = tmp_path / "tuesday.csv", tmp_path / "friday.csv"
    tuesday.write_text(header + "x1,Sales,Ann,07700 900009,2026-06-09 09:00:00,5,60,answered,order\n"
                       "x3,Sales,Ann,07700 900008,2026-06-09 10:00:00,5,60,answered,order\n",
                       encoding="utf-8")  # fmt: skip
    friday.write_text(header + "x2,Sales,Ben,07700 900009,2026-06-12 09:00:00,5,60,answered,order\n",
                      encoding="utf-8")  # fmt: skip
    settings = KpiSettings(fcr_window_seconds=window_days * 86400)
    tuesday_only = {"start": START, "end": datetime(2026, 6, 10, tzinfo=LONDON), "kpis": ("fcr",)}
    rc.ingest_kind(engine, "interactions", tuesday)
    # x1 and x3 are both resolved so far: 2 ÷ 2
    assert report(engine, source=source, settings=settings, **tuesday_only).totals["fcr"] == 1.0
    rc.ingest_kind(engine, "interactions", friday)
    # x2 arrives 3 days after x1: a repeat inside a 7- or 10-day window (1 ÷ 2 resolved), not
    # inside a 1-day one (2 ÷ 2)
    expected = 1.0 if window_days < 3 else 0.5
    assert (
        report(engine, source=source, settings=settings, **tuesday_only).totals["fcr"] == expected
    )


def test_a_threshold_off_the_stored_edges_is_read_from_raw_contacts(centre: Engine) -> None:
    """25 s is no histogram edge, so even ``auto`` must count the contacts from raw rows."""
    settings = KpiSettings(service_level_seconds=25)
    result = report(centre, ("queue",), source="auto", settings=settings, kpis=("service_level",))
    assert result.settings["source"] == "raw"
    assert result.settings["service_level_seconds"] == 25
    # Sales within 25 s: s01 (10), s02 (25), s07 (20), s09 (0), s10 (18) = 5: 5 ÷ (5 + 2)
    # Support within 25 s: u01, u05, u06, u07, u08 and u09 (22) = 6; u02 (30) not: 6 ÷ (7 + 1)
    assert result.rows == [
        {"queue": "Sales", "service_level": pytest.approx(5 / 7)},
        {"queue": "Support", "service_level": pytest.approx(0.75)},
    ]
