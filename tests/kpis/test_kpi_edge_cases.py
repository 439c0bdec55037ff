"""Edge cases of the KPI engine, each on its own: found by (or written beside) the property
in ``test_aggregates_match_raw.py``, as the smallest store that shows each one.

Every test runs on SQLite and PostgreSQL and reads both the aggregates and the raw rows.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import AbandonTreatment, KpiSettings
from switchboard.ingest.tabular import TabularAdapter
from switchboard.kpis.service import ReportRequest, build_report
from tests.ingest.helpers import run_ingest

ZONE = "Europe/London"
TZ = ZoneInfo(ZONE)


def _ingest(engine: Engine, tmp_path: Path, kind: str, text: str) -> None:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    run_ingest(engine, TabularAdapter(kind=kind, timezone=ZONE), path, timezone=ZONE)


def _report(engine: Engine, s: KpiSettings, source: str, **request: Any) -> Any:
    request.setdefault("start", datetime(2026, 1, 12, tzinfo=TZ))
    request.setdefault("end", datetime(2026, 1, 15, tzinfo=TZ))
    with unit_of_work(engine) as session:
        return build_report(session=session, settings=s, request=ReportRequest(
            timezone=ZONE, source=source, **request))  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize("source", ["aggregates", "raw"])
def test_a_zero_second_abandon_is_within_t_when_short_abandons_are_off(
    engine: Engine, tmp_path: Path, source: str
) -> None:
    """With threshold 0 there are no short abandons, so an abandon after 0 s is abandoned
    within T: Asterisk's SL2 counts it in favour (holdtime 0 <= servicelevel)."""
    _ingest(engine, tmp_path, "interactions",
            "source_id,queue,arrived_at,wait_seconds,talk_seconds,outcome\n"
            "a1,Q,2026-01-13 09:00:00,10,60,answered\n"
            "a2,Q,2026-01-13 09:10:00,0,0,abandoned\n"
            "a3,Q,2026-01-13 09:20:00,30,0,abandoned\n")  # fmt: skip
    s = KpiSettings(short_abandon_seconds=0, abandon_treatment=AbandonTreatment.IN_FAVOUR)
    totals = _report(engine, s, source, kpis=("abandoned", "service_level")).totals
    # (a1 answered within 20 s + a2 abandoned within 20 s) ÷ (1 answered + 2 abandoned)
    assert totals == {"abandoned": 2, "service_level": pytest.approx(2 / 3)}


@pytest.mark.parametrize("source", ["aggregates", "raw"])
def test_response_rate_counts_only_answered_contacts_with_a_response(
    engine: Engine, tmp_path: Path, source: str
) -> None:
    _ingest(engine, tmp_path, "interactions",
            "source_id,queue,arrived_at,wait_seconds,talk_seconds,outcome\n"
            "a1,Q,2026-01-13 09:00:00,10,60,answered\n"
            "a2,Q,2026-01-13 09:05:00,12,60,answered\n"
            "a3,Q,2026-01-13 09:10:00,30,0,abandoned\n")  # fmt: skip
    _ingest(engine, tmp_path, "surveys",
            "source_id,interaction_source_id,kind,score,responded_at\n"
            "v1,a1,csat,5,2026-01-13 10:00:00\n"
            "v2,a1,nps,9,2026-01-13 10:00:00\n"
            "v3,a3,csat,1,2026-01-13 10:00:00\n")  # fmt: skip
    totals = _report(engine, KpiSettings(), source, kpis=("response_rate", "csat")).totals
    # a1 is the one answered contact with a response (two of them); a3 was never answered: 1 ÷ 2.
    # CSAT still counts every CSAT response: v1 5 (top two) and v3 1: 1 ÷ 2.
    assert totals == {"response_rate": 0.5, "csat": 0.5}


@pytest.mark.parametrize("source", ["aggregates", "raw"])
def test_a_state_running_over_several_days_counts_on_each_of_them(
    engine: Engine, tmp_path: Path, source: str
) -> None:
    """Available from Monday 12:00 to Thursday 12:00 (GMT), loaded by one ingest run."""
    _ingest(engine, tmp_path, "agent-states",
            "agent,state,started_at,ended_at\n"
            "Ann,available,2026-01-12 12:00:00,2026-01-15 12:00:00\n"
            "Ann,on_contact,2026-01-15 12:00:00,2026-01-15 18:00:00\n")  # fmt: skip
    rows = _report(engine, KpiSettings(), source, by=("interval", "agent"), kpis=("utilisation",),
                   end=datetime(2026, 1, 16, tzinfo=TZ)).rows  # fmt: skip
    assert rows == [
        {"interval_start": "2026-01-12T00:00:00+00:00", "agent": "Ann", "utilisation": 0.0},
        {"interval_start": "2026-01-13T00:00:00+00:00", "agent": "Ann", "utilisation": 0.0},
        {"interval_start": "2026-01-14T00:00:00+00:00", "agent": "Ann", "utilisation": 0.0},
        # 00:00-12:00 available, 12:00-18:00 on contact: 6 h ÷ 18 h paid
        {"interval_start": "2026-01-15T00:00:00+00:00", "agent": "Ann", "utilisation": 1 / 3},
    ]
    paid = _report(engine, KpiSettings(), source, by=("interval",), kpis=("utilisation",),
                   start=datetime(2026, 1, 13, tzinfo=TZ), end=datetime(2026, 1, 14, tzinfo=TZ))  # fmt: skip
    assert paid.measures[(datetime(2026, 1, 13, tzinfo=UTC),)]["available"] == 86400  # all day
