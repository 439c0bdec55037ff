"""First contact resolution stays exact while repeats arrive in later imports, in any order.

A contact is only known to be resolved once its window has passed without a repeat, so an
import can change the FCR of days it does not contain. These tests load contacts a file at a
time, as a centre does night by night, and check the aggregates against raw contacts.
"""

import csv
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import KpiSettings
from switchboard.ingest.tabular import TabularAdapter
from switchboard.kit.intervals import Interval
from switchboard.kpis.service import ReportRequest, build_report
from tests.ingest.helpers import run_ingest

LONDON = ZoneInfo("Europe/London")
DAY = 86_400
COLUMNS = ["source_id", "queue", "agent", "customer", "arrived_at", "wait_seconds",
           "talk_seconds", "outcome", "disposition"]  # fmt: skip


def load(engine: Engine, folder: Path, name: str, rows: list[tuple[str, str, str]]) -> None:
    """Rows of (source id, local arrival, customer), all answered by Ann on Sales for 'order'."""
    path = folder / f"{name}.csv"
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for source_id, at, customer in rows:
            out.writerow([source_id, "Sales", "ann", customer, at, 5, 100, "answered", "order"])
    run_ingest(engine, TabularAdapter(kind="interactions", timezone="Europe/London"), path,
               timezone="Europe/London")  # fmt: skip


def fcr_by_day(engine: Engine, window_days: float, source: str) -> dict[str, float | None]:
    request = ReportRequest(
        by=("interval",), interval=Interval.DAY, kpis=("fcr",), source=source,  # type: ignore[arg-type]
        start=datetime(2026, 6, 8, tzinfo=LONDON), end=datetime(2026, 6, 20, tzinfo=LONDON),
    )  # fmt: skip
    settings = KpiSettings(fcr_window_seconds=window_days * DAY)
    with unit_of_work(engine) as session:
        report = build_report(session=session, request=request, settings=settings)
    assert source == "auto" or report.settings["source"] == source
    return {row["interval_start"][:10]: row["fcr"] for row in report.rows}


def both(
    engine: Engine, window_days: float, fast_source: str = "aggregates"
) -> dict[str, float | None]:
    """The fast answer (from the aggregates), after checking raw contacts give the same."""
    fast = fcr_by_day(engine, window_days, fast_source)
    assert fast == fcr_by_day(engine, window_days, "raw")
    return fast


def test_a_later_import_turns_an_earlier_day_unresolved(engine: Engine, tmp_path: Path) -> None:
    load(
        engine,
        tmp_path,
        "tuesday",
        [("a1", "2026-06-09 10:00", "C1"), ("b1", "2026-06-09 11:00", "C2")],
    )
    # Nothing has come back yet: both of Tuesday's contacts count as resolved.
    assert both(engine, 7) == {"2026-06-09": 1.0}
    load(engine, tmp_path, "friday", [("a2", "2026-06-12 10:00", "C1")])
    # C1 called again 3 days later on the same reason: a1 is not resolved within 7 days
    # (1 of 2 on Tuesday), but it is within 1 day (the repeat came after the window).
    assert both(engine, 7) == {"2026-06-09": 0.5, "2026-06-12": 1.0}
    assert both(engine, 1) == {"2026-06-09": 1.0, "2026-06-12": 1.0}
    # 2.5 days is not a kept window: counted from each contact's stored time to its repeat.
    assert both(engine, 2.5, "auto") == {"2026-06-09": 1.0, "2026-06-12": 1.0}
    load(engine, tmp_path, "friday", [("a2", "2026-06-12 10:00", "C1")])  # the same file again
    assert both(engine, 7) == {"2026-06-09": 0.5, "2026-06-12": 1.0}


def test_a_contact_loaded_late_between_two_others_shortens_the_first_ones_repeat(
    engine: Engine, tmp_path: Path
) -> None:
    load(engine, tmp_path, "tuesday", [("a1", "2026-06-09 10:00", "C1")])
    load(engine, tmp_path, "friday", [("a2", "2026-06-12 10:00", "C1")])
    assert both(engine, 1) == {"2026-06-09": 1.0, "2026-06-12": 1.0}
    # Wednesday's file arrives last: a1's repeat is now 1 day after it (exactly the window:
    # within it), and a0's own repeat is a2, 2 days later.
    load(engine, tmp_path, "wednesday", [("a0", "2026-06-10 10:00", "C1")])
    assert both(engine, 1) == {"2026-06-09": 0.0, "2026-06-10": 1.0, "2026-06-12": 1.0}
    assert both(engine, 3) == {"2026-06-09": 0.0, "2026-06-10": 0.0, "2026-06-12": 1.0}


@pytest.mark.parametrize("window_days", [14, 30, 45])
def test_long_windows_agree_with_raw_contacts(
    engine: Engine, tmp_path: Path, window_days: int
) -> None:
    load(
        engine,
        tmp_path,
        "june",
        [("a1", "2026-06-01 10:00", "C1"), ("a2", "2026-06-19 10:00", "C1")],
    )
    # 18 days apart: unresolved for 30 and 45 days (45 is searched for in raw contacts), resolved for 14.
    fast = fcr_by_day(engine, window_days, "auto")
    expected = 1.0 if window_days == 14 else 0.0
    assert fast.get("2026-06-01", expected) == expected
