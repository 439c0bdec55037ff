"""The demo's development records: the improvement activity around the coaching that the
simulation built into the data finds its effect, and a rerun adds nothing."""

import json
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.improvements.models import Improvement
from switchboard.reflections.models import Reflection
from switchboard.selfaudits.models import SelfAuditRecord
from switchboard.wellbeing.models import WellbeingCheckIn

runner = CliRunner()


def test_the_demo_records_its_coaching_and_the_review_finds_the_effect(
    database_url: str, tmp_path: Path
) -> None:
    generate = ["--database-url", database_url, "demo", "generate", "--weeks", "4",
                "--agents", "20", "--data-dir", str(tmp_path)]  # fmt: skip
    first = runner.invoke(app, generate)
    assert first.exit_code == 0, first.output
    assert "1 set of development records added" in " ".join(first.stdout.split())
    review = runner.invoke(app, ["--database-url", database_url, "improvement", "review", "1",
                                 "--format", "json"])  # fmt: skip
    assert review.exit_code == 0, review.output
    found = json.loads(review.stdout)
    # The coached agents handle contacts 12% faster for the two weeks after (SPEED_AFTER = 0.88).
    assert (found["kpi"], found["control"], found["agents"]) == ("aht", "rest_of_team", 4)
    assert found["verdict"] == "improved"
    assert found["relative_change"]["high"] < 0

    again = runner.invoke(app, generate)
    assert again.exit_code == 0, again.output
    engine = make_engine(database_url)
    with unit_of_work(engine) as session:
        for table in (Improvement, SelfAuditRecord, Reflection, WellbeingCheckIn):
            assert session.scalar(select(func.count()).select_from(table)) == 1, table
    engine.dispose()
