"""One value per contact (interactions.repository.kpi_values) on the reference centre: the mean
of the values is the KPI the report computes, for each agent, each queue and the whole centre,
on both databases. The hand-worked figures are in tests/kpis/reference_centre.py."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import Engine, select

from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import KpiSettings
from switchboard.interactions import repository
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.people.models import Agent, Queue
from tests.kpis import reference_centre as rc

LONDON = ZoneInfo(rc.ZONE)
START, END = datetime(2026, 6, 9, tzinfo=LONDON), datetime(2026, 6, 18, tzinfo=LONDON)
KPIS = repository.PER_CONTACT_KPIS
FORTY_DAYS = 40 * 86_400.0
"""Past the 30 days each contact's repeat is kept for: FCR searches the contacts instead."""


@pytest.fixture
def centre(engine: Engine, tmp_path: Path) -> Engine:
    rc.load(engine, rc.write_files(tmp_path / "centre"))
    return engine


def _ids(engine: Engine, model: type[Agent] | type[Queue]) -> dict[str, int]:
    name = Agent.display_name if model is Agent else Queue.name
    with unit_of_work(engine) as session:
        return {n: i for n, i in session.execute(select(name, model.id))}


def _values(engine: Engine, kpi: str, settings: KpiSettings, **scope: list[int]) -> np.ndarray:
    with unit_of_work(engine) as session:
        return repository.kpi_values(session, kpi=kpi, start=START, end=END, settings=settings,
                                     **scope)  # type: ignore[arg-type]  # fmt: skip


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if values.size else None


def test_the_mean_is_each_agents_hand_worked_figure(centre: Engine) -> None:
    agents = _ids(centre, Agent)
    for name in ("Ann", "Ben", "Cat"):
        for kpi in KPIS:
            values = _values(centre, kpi, KpiSettings(), agent_ids=[agents[name]])
            assert _mean(values) == pytest.approx(rc.BY_AGENT[name][kpi]), (name, kpi)


def test_the_values_are_one_per_contact_as_the_formula_counts_them(centre: Engine) -> None:
    ann = [_ids(centre, Agent)["Ann"]]
    # AHT: s01 380, s07 60, s10 190, u07 250, u08 100 (talk + hold + wrap), in id order
    assert sorted(_values(centre, "aht", KpiSettings(), agent_ids=ann)) == [60, 100, 190, 250, 380]
    # FCR: five answered with a known customer; only s01 was repeated (by s10)
    assert sorted(_values(centre, "fcr", KpiSettings(), agent_ids=ann)) == [0, 1, 1, 1, 1]
    # CSAT: one response, v1 scoring 5 of 5: in the top two boxes
    assert list(_values(centre, "csat", KpiSettings(), agent_ids=ann)) == [1.0]


def test_the_mean_is_each_queues_and_the_centres_hand_worked_figure(centre: Engine) -> None:
    queues = _ids(centre, Queue)
    for name, hand in rc.BY_QUEUE.items():
        for kpi in KPIS:
            values = _values(centre, kpi, KpiSettings(), queue_ids=[queues[name]])
            assert _mean(values) == pytest.approx(hand[kpi]), (name, kpi)
    for kpi in KPIS:
        assert _mean(_values(centre, kpi, KpiSettings())) == pytest.approx(rc.TOTALS[kpi]), kpi


@pytest.mark.parametrize(
    "settings",
    [KpiSettings(fcr_window_seconds=3600, csat_top_boxes=1),
     KpiSettings(fcr_window_seconds=FORTY_DAYS, csat_top_boxes=3)],
    ids=["one-hour-window-top-box", "forty-day-window-top-three"],
)  # fmt: skip
def test_the_mean_matches_the_report_under_other_settings(
    centre: Engine, settings: KpiSettings
) -> None:
    agents, queues = _ids(centre, Agent), _ids(centre, Queue)
    request = ReportRequest(by=("agent", "queue"), start=START, end=END, kpis=KPIS,
                            timezone=rc.ZONE)  # fmt: skip
    with unit_of_work(centre) as session:
        rows = build_report(session=session, request=request, settings=settings).rows
    assert rows
    for row in (r for r in rows if r["agent"] is not None):
        scope = {"agent_ids": [agents[row["agent"]]], "queue_ids": [queues[row["queue"]]]}
        for kpi in KPIS:
            assert _mean(_values(centre, kpi, settings, **scope)) == pytest.approx(row[kpi]), (
                row["agent"], row["queue"], kpi,
            )  # fmt: skip


def test_an_empty_scope_has_no_values(centre: Engine) -> None:
    assert _values(centre, "aht", KpiSettings(), agent_ids=[]).size == 0


def test_it_refuses_a_kpi_that_is_not_a_mean_per_contact(centre: Engine) -> None:
    with pytest.raises(ValueError, match="occupancy"):
        _values(centre, "occupancy", KpiSettings())
