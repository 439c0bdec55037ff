"""A small demo centre in the store, on SQLite and PostgreSQL: sensible KPIs, and idempotent."""

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select

from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.democentre.generate import DemoRequest, generate
from switchboard.democentre.loading import load_files
from switchboard.interactions import repository as interaction_repository
from switchboard.interactions.models import AgentStateInterval
from switchboard.kit.clock import zone
from switchboard.kpis.params import kpi_settings
from switchboard.kpis.service import Report, ReportRequest, build_report

SMALL = DemoRequest(weeks=1, agents=10, seed=2, today=date(2026, 11, 25))
KPIS = ("offered", "service_level", "asa", "abandonment_rate", "fcr", "csat", "nps")


def test_a_small_centre_ingests_with_sensible_kpis_and_a_rerun_adds_nothing(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    generated = generate(SMALL, tmp_path)
    loads = load_files(engine, generated.files, settings)
    assert [load.summary.rejected for load in loads] == [0, 0, 0]
    report = week_report(engine, settings)
    queues = {row["queue"] for row in report.rows}
    assert queues == {"Retail Banking", "Cards & Fraud", "Web Chat", "Email"}
    totals = report.totals
    for kpi in ("service_level", "fcr", "abandonment_rate"):
        assert 0 < totals[kpi] < 1, kpi
    assert totals["csat"] is not None
    assert totals["asa"] > 0
    with unit_of_work(engine) as session:
        states = set(session.scalars(select(AgentStateInterval.state).distinct()))
        stored = interaction_repository.store_totals(session)
    assert {"break", "lunch", "training"} <= {str(s) for s in states}
    assert stored["surveys_linked"] == stored["surveys"] > 0

    again = load_files(engine, generate(SMALL, tmp_path).files, settings)
    assert all(sum(v for k, v in load.summary.counts.items() if k.endswith("_created")) == 0
               for load in again)  # fmt: skip
    with unit_of_work(engine) as session:
        assert interaction_repository.store_totals(session) == stored
        assert (
            session.scalar(select(func.count()).select_from(AgentStateInterval))
            == stored["agent_states"]
        )


def week_report(engine: Engine, settings: Settings) -> Report:
    start = datetime(2026, 11, 16, tzinfo=zone(settings.timezone))
    request = ReportRequest(by=("queue",), kpis=KPIS, timezone=settings.timezone,
                            start=start, end=start + timedelta(days=7))  # fmt: skip
    with unit_of_work(engine) as session:
        return build_report(session=session, request=request, settings=kpi_settings(settings))
