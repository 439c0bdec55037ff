"""``switchboard improvement review`` and ``list`` as a user runs them, on both databases."""

import json

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.db.engine import unit_of_work
from switchboard.improvements import service
from switchboard.improvements.schemas import ImprovementCreate
from tests.improvements import shifted_centre as sc

runner = CliRunner()


@pytest.fixture
def planned(engine: Engine) -> int:
    centre = sc.build(engine, group_after=0.8)
    plan = ImprovementCreate(
        title="Knowledge base on the Sales desk", change="Answers in one place", kpi="aht",
        team_id=centre.team_id, agent_ids=centre.group, started_on=sc.STARTED_ON,
        before_days=14, after_days=14,
    )  # fmt: skip
    with unit_of_work(engine) as session:
        return service.create(session=session, viewer=centre.viewer(engine), improvement_in=plan).id


def sb(url: str, *args: str) -> object:
    return runner.invoke(app, ["--database-url", url, *args])


def test_it_prints_the_review_as_json(database_url: str, planned: int) -> None:
    result = sb(database_url, "improvement", "review", str(planned), "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    review = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert review["improvement_id"] == planned
    assert (review["before_value"], review["after_value"]) == pytest.approx((360.0, 288.0))
    assert review["verdict"] == "improved"
    assert review["sentence"].startswith("AHT fell from 360 s to 288 s (−20%, 95% CI −")
    assert review["settings"]["timezone"] == "Europe/London"
    assert review["settings"]["min_contacts"] == 30


def test_it_prints_the_review_as_a_table_with_its_sentence(database_url: str, planned: int) -> None:
    result = sb(database_url, "improvement", "review", str(planned))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = " ".join(result.stdout.split())  # type: ignore[attr-defined]
    assert "AHT fell from 360 s to 288 s" in text
    assert "16 Feb to 1 Mar 2026" in text
    assert "288 s" in text


def test_an_unknown_improvement_exits_1_with_a_clear_message(
    database_url: str, planned: int
) -> None:
    result = sb(database_url, "improvement", "review", "999")
    assert result.exit_code == 1
    assert "error: no improvement activity 999" in result.stderr  # type: ignore[attr-defined]


def test_it_lists_every_improvement(database_url: str, planned: int) -> None:
    result = sb(database_url, "improvement", "list", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    (listed,) = json.loads(result.stdout)["improvements"]  # type: ignore[attr-defined]
    assert (listed["id"], listed["kpi"], listed["started_on"]) == (planned, "aht", "2026-03-02")
    assert len(listed["agent_ids"]) == 2
    table = sb(database_url, "improvement", "list")
    assert "Knowledge" in table.stdout  # type: ignore[attr-defined]
