"""Reports on the days the clocks change in Europe/London.

* Sunday 29 March 2026: at 01:00 GMT the clocks go forward to 02:00 BST. The local day runs
  from 00:00 UTC to 23:00 UTC: 23 hours, and 01:00-01:59 never happens.
* Sunday 25 October 2026: at 02:00 BST the clocks go back to 01:00 GMT. The local day runs from
  24 October 23:00 UTC to 26 October 00:00 UTC: 25 hours, and 01:00-01:59 happens twice, first
  at +01:00 and then at +00:00.

On each change day one contact arrives five minutes into every UTC quarter hour of the local day,
so every local quarter hour holds exactly one: 23 x 4 = 92 on 29 March, 25 x 4 = 100 on
25 October. A few neighbours arrive just either side of the local midnights.
"""

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import KpiSettings
from switchboard.ingest.tabular import TabularAdapter
from switchboard.kit.intervals import BusinessHours, Interval
from switchboard.kpis.service import ReportRequest, build_report
from tests.ingest.helpers import run_ingest

ZONE = "Europe/London"
LONDON = ZoneInfo(ZONE)
SPRING = date(2026, 3, 29)
AUTUMN = date(2026, 10, 25)
SOURCES = ["aggregates", "raw"]
QUARTER = timedelta(minutes=15)


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(UTC)


def day_arrivals(day: date) -> list[datetime]:
    """One arrival 5 minutes into every quarter hour of the local day (UTC instants)."""
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    count = int((end - start) / QUARTER)
    return [start + n * QUARTER + timedelta(minutes=5) for n in range(count)]


NEIGHBOURS = [
    datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # 23:30 GMT on Saturday 28 March
    datetime(2026, 3, 29, 23, 5, tzinfo=UTC),  # 00:05 BST on Monday 30 March
    datetime(2026, 10, 24, 22, 55, tzinfo=UTC),  # 23:55 BST on Saturday 24 October
    datetime(2026, 10, 26, 0, 5, tzinfo=UTC),  # 00:05 GMT on Monday 26 October
]


@pytest.fixture
def dst_centre(engine: Engine, tmp_path: Path) -> Engine:
    arrivals = sorted(day_arrivals(SPRING) + day_arrivals(AUTUMN) + NEIGHBOURS)
    contacts = tmp_path / "interactions.csv"
    lines = ["source_id,queue,agent,arrived_at,wait_seconds,talk_seconds,outcome"]
    lines += [f"d{n},Night,Dee,{at.isoformat()},10,60,answered" for n, at in enumerate(arrivals)]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Dee is on contact through both 01:00 hours of 25 October (00:00-02:00 UTC) and available
    # for the rest of that day; on 29 March on contact 00:00-01:00 GMT, then available.
    states = tmp_path / "states.csv"
    states.write_text(
        "agent,state,started_at,ended_at\n"
        "Dee,available,2026-10-24T23:00:00Z,2026-10-25T00:00:00Z\n"
        "Dee,on_contact,2026-10-25T00:00:00Z,2026-10-25T02:00:00Z\n"
        "Dee,available,2026-10-25T02:00:00Z,2026-10-26T00:00:00Z\n"
        "Dee,on_contact,2026-03-29T00:00:00Z,2026-03-29T01:00:00Z\n"
        "Dee,available,2026-03-29T01:00:00Z,2026-03-29T23:00:00Z\n",
        encoding="utf-8",
    )
    for kind, path in (("interactions", contacts), ("agent-states", states)):
        run_ingest(engine, TabularAdapter(kind=kind, timezone=ZONE), path, timezone=ZONE)
    return engine


def rows(
    engine: Engine,
    interval: Interval,
    first: date,
    last: date,
    *,
    source: str,
    kpis: tuple[str, ...] = ("offered",),
    hours: BusinessHours | None = None,
) -> list[dict[str, Any]]:
    """Rows by interval from local midnight of ``first`` to the end of local day ``last``."""
    request = ReportRequest(
        by=("interval",),
        interval=interval,
        start=local_midnight(first),
        end=local_midnight(last + timedelta(days=1)),
        kpis=kpis,
        timezone=ZONE,
        business_hours=hours,
        source=source,  # type: ignore[arg-type]
    )
    with unit_of_work(engine) as session:
        return build_report(session=session, request=request, settings=KpiSettings()).rows


@pytest.mark.parametrize("source", SOURCES)
def test_a_daily_report_has_one_row_per_local_day_around_the_changes(
    dst_centre: Engine, source: str
) -> None:
    spring = rows(dst_centre, Interval.DAY, date(2026, 3, 28), date(2026, 3, 30), source=source)
    assert spring == [
        {"interval_start": "2026-03-28T00:00:00+00:00", "offered": 1},  # 23:30 GMT
        {"interval_start": "2026-03-29T00:00:00+00:00", "offered": 92},  # 23 h x 4
        {"interval_start": "2026-03-30T00:00:00+01:00", "offered": 1},  # 00:05 BST
    ]
    autumn = rows(dst_centre, Interval.DAY, date(2026, 10, 24), date(2026, 10, 26), source=source)
    assert autumn == [
        {"interval_start": "2026-10-24T00:00:00+01:00", "offered": 1},  # 23:55 BST
        {"interval_start": "2026-10-25T00:00:00+01:00", "offered": 100},  # 25 h x 4
        {"interval_start": "2026-10-26T00:00:00+00:00", "offered": 1},  # 00:05 GMT
    ]


@pytest.mark.parametrize("source", SOURCES)
def test_the_25_hour_day_has_25_hourly_rows_with_01_00_twice(
    dst_centre: Engine, source: str
) -> None:
    hourly = rows(dst_centre, Interval.MIN60, AUTUMN, AUTUMN, source=source)
    starts = [row["interval_start"] for row in hourly]
    assert len(hourly) == 25
    assert all(row["offered"] == 4 for row in hourly)  # four quarter hours each
    assert starts[:4] == [
        "2026-10-25T00:00:00+01:00",
        "2026-10-25T01:00:00+01:00",  # the first 01:00, in summer time
        "2026-10-25T01:00:00+00:00",  # the second 01:00, in winter time
        "2026-10-25T02:00:00+00:00",
    ]
    assert starts[-1] == "2026-10-25T23:00:00+00:00"
    instants = [datetime.fromisoformat(s) for s in starts]
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(instants))


@pytest.mark.parametrize("source", SOURCES)
def test_the_23_hour_day_has_23_hourly_rows_and_no_01_00(dst_centre: Engine, source: str) -> None:
    hourly = rows(dst_centre, Interval.MIN60, SPRING, SPRING, source=source)
    starts = [row["interval_start"] for row in hourly]
    assert len(hourly) == 23
    assert all(row["offered"] == 4 for row in hourly)
    assert starts[:3] == [
        "2026-03-29T00:00:00+00:00",
        "2026-03-29T02:00:00+01:00",  # 01:00-01:59 never happened
        "2026-03-29T03:00:00+01:00",
    ]
    assert not any("T01:" in start for start in starts)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    ("interval", "per_row", "count"),
    [
        (Interval.MIN15, 1, 100),  # 25 h x 4 quarter hours, one contact each
        (Interval.MIN30, 2, 50),  # 25 h x 2 half hours
    ],
)
def test_sub_hour_intervals_count_every_quarter_of_the_25_hour_day(
    dst_centre: Engine, source: str, interval: Interval, per_row: int, count: int
) -> None:
    found = rows(dst_centre, interval, AUTUMN, AUTUMN, source=source)
    assert len(found) == count
    assert all(row["offered"] == per_row for row in found)
    starts = [row["interval_start"] for row in found]
    assert len(set(starts)) == count  # the repeated hour's quarters are told apart by offset
    step = interval.minutes or 0
    assert starts.count(f"2026-10-25T01:{60 - step:02d}:00+01:00") == 1
    assert starts.count(f"2026-10-25T01:{60 - step:02d}:00+00:00") == 1


@pytest.mark.parametrize("source", SOURCES)
def test_quarter_hours_of_the_23_hour_day(dst_centre: Engine, source: str) -> None:
    found = rows(dst_centre, Interval.MIN15, SPRING, SPRING, source=source)
    assert len(found) == 92  # 23 x 4
    assert [row["interval_start"] for row in found[3:5]] == [
        "2026-03-29T00:45:00+00:00",
        "2026-03-29T02:00:00+01:00",
    ]


@pytest.mark.parametrize("source", SOURCES)
def test_agent_state_kpis_use_the_length_of_the_local_day(dst_centre: Engine, source: str) -> None:
    kpis = ("occupancy", "utilisation")
    autumn = rows(dst_centre, Interval.DAY, AUTUMN, AUTUMN, source=source, kpis=kpis)
    # 25 h = 90,000 s paid, of which the two 01:00 hours (7,200 s) on contact
    assert autumn == [{"interval_start": "2026-10-25T00:00:00+01:00",
                       "occupancy": pytest.approx(7200 / 90000),
                       "utilisation": pytest.approx(7200 / 90000)}]  # fmt: skip
    spring = rows(dst_centre, Interval.DAY, SPRING, SPRING, source=source, kpis=kpis)
    # 23 h = 82,800 s paid, of which 00:00-01:00 GMT (3,600 s) on contact
    assert spring[0]["utilisation"] == pytest.approx(3600 / 82800)
    hourly = rows(dst_centre, Interval.MIN60, AUTUMN, AUTUMN, source=source, kpis=kpis)
    busy = [row["interval_start"] for row in hourly if row["occupancy"] == 1.0]
    assert busy == ["2026-10-25T01:00:00+01:00", "2026-10-25T01:00:00+00:00"]
    assert len(hourly) == 25
    assert all(row["occupancy"] == 0.0 for row in hourly if row["interval_start"] not in busy)


@pytest.mark.parametrize("source", SOURCES)
def test_business_hours_limit_the_report_to_local_opening_hours(
    dst_centre: Engine, source: str
) -> None:
    hours = BusinessHours.parse("mon-sun 08:00-20:00")
    for day, offset in ((SPRING, "+01:00"), (AUTUMN, "+00:00")):
        daily = rows(dst_centre, Interval.DAY, day, day, source=source, hours=hours)
        assert [row["offered"] for row in daily] == [48]  # 08:00-19:59 local: 12 h x 4
        hourly = rows(dst_centre, Interval.MIN60, day, day, source=source, hours=hours)
        assert [row["interval_start"] for row in hourly] == [
            f"{day.isoformat()}T{hour:02d}:00:00{offset}" for hour in range(8, 20)
        ]
        assert all(row["offered"] == 4 for row in hourly)


@pytest.mark.parametrize("source", SOURCES)
def test_weeks_and_months_start_at_local_midnight(dst_centre: Engine, source: str) -> None:
    weekly = rows(dst_centre, Interval.WEEK, date(2026, 10, 19), date(2026, 11, 1), source=source)
    assert weekly == [
        # Monday 19 October (BST): 24 October's 1 + 25 October's 100
        {"interval_start": "2026-10-19T00:00:00+01:00", "offered": 101},
        # Monday 26 October (GMT)
        {"interval_start": "2026-10-26T00:00:00+00:00", "offered": 1},
    ]
    monthly = rows(dst_centre, Interval.MONTH, date(2026, 3, 1), date(2026, 3, 31), source=source)
    # 28 March's 1 + 29 March's 92 + 30 March's 1
    assert monthly == [{"interval_start": "2026-03-01T00:00:00+00:00", "offered": 94}]
