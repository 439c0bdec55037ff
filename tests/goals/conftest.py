"""The goals' cast: the reference centre with its added calls (tests/goals/centre.py), an
organisational objective set by Mo (a manager of Leeds) and a team goal of Blue set by Tina."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from switchboard.db.engine import unit_of_work
from switchboard.goals import service
from switchboard.goals.models import Goal, GoalKind, Level
from switchboard.goals.schemas import GoalCreate
from tests.goals import centre as goal_centre
from tests.goals.centre import Centre

TODAY = date(2026, 7, 1)
HISTORY = (date(2026, 6, 9), date(2026, 6, 17))
"""The reference centre's own days: Ann's AHT over them is 980 ÷ 5 = 196 s."""


@dataclass(frozen=True)
class Blue:
    centre: Centre
    objective: int
    team_goal: int

    @property
    def ann(self) -> int:
        return self.centre.agents["Ann"]


@pytest.fixture
def blue(engine: Engine, tmp_path: Path) -> Blue:
    centre = goal_centre.load(engine, tmp_path / "centre")
    reading = goal_centre.reading(TODAY)
    with unit_of_work(engine) as session:
        objective = service.create(
            session=session, viewer=centre.viewer("mo"), reading=reading,
            goal_in=GoalCreate(level=Level.OBJECTIVE, title="Resolve more first time"),
        )  # fmt: skip
        team_goal = service.create(
            session=session, viewer=centre.viewer("tina"), reading=reading,
            goal_in=GoalCreate(level=Level.TEAM, title="Blue: AHT under 200 s", kpi="aht",
                               target=200, team_id=centre.team_id, parent_id=objective.goal.id),
        )  # fmt: skip
        return Blue(centre, objective.goal.id, team_goal.goal.id)


def aht_goal(blue: Blue, **changes: Any) -> GoalCreate:
    """Ann's AHT from its baseline over the reference centre's days to 185 s by 30 September,
    reviewed on 1 August, serving Blue's team goal: a goal that passes every criterion."""
    fields: dict[str, Any] = {
        "level": Level.PERSONAL, "title": "Bring my AHT down", "agent_id": blue.ann,
        "kind": GoalKind.KPI, "kpi": "aht", "baseline_from": HISTORY[0],
        "baseline_to": HISTORY[1], "target": 185.0, "deadline": date(2026, 9, 30),
        "review_dates": [date(2026, 8, 1)], "parent_id": blue.team_goal,
    }  # fmt: skip
    return GoalCreate(**(fields | changes))


def goal_count(engine: Engine) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(func.count()).select_from(Goal)) or 0
