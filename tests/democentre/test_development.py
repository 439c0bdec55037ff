"""The demo's development records: goals, feedback, coaching, and the improvement activity
around the coaching that the simulation built into the data, whose review finds its effect; a
rerun adds nothing."""

import json
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.coaching.models import CoachingSession
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.feedback.models import Feedback
from switchboard.goals.models import Goal
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
        # One improvement; an objective, a team goal and the demo agent's two goals; a GROW
        # session with each of the four coached agents and a one-to-one; two pieces of feedback.
        expected = {Improvement: 1, SelfAuditRecord: 1, Reflection: 1, WellbeingCheckIn: 1,
                    Goal: 4, CoachingSession: 5, Feedback: 2}  # fmt: skip
        for table, count in expected.items():
            assert session.scalar(select(func.count()).select_from(table)) == count, table
        fcr = session.scalars(select(Goal).where(Goal.kpi == "fcr", Goal.agent_id.is_not(None)))
        goal = fcr.one()
        assert goal.baseline_value is not None
        assert goal.target == min(0.95, round(goal.baseline_value + 0.04, 2))
    engine.dispose()
