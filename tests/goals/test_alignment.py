"""Goal alignment from the store, on both databases: objectives lead to team goals, which lead to
personal goals, and the tree says which team goals nobody supports and which personal goals
support nothing.

    Resolve more first time (objective, from the fixture)
      Blue: AHT under 200 s (team, from the fixture)   ← Ann: AHT 185 s
      Blue: FCR 85%                                    ← nobody
    Grow CSAT (objective)                              ← no team goal
    Blue: fewer transfers (team, serving no objective) ← nobody
    Ben: keep notes (personal, serving nothing)
    Cat: old goal (personal, closed: left out)

Three team goals, one supported: coverage 1/3.
"""

from sqlalchemy.orm import Session

from switchboard.db.engine import unit_of_work
from switchboard.goals import service
from switchboard.goals.models import Goal, GoalKind, GoalState, Level
from tests.goals.conftest import Blue


def _add(session: Session, title: str, level: Level, **fields: object) -> int:
    goal = Goal(title=title, level=level, kind=GoalKind.BEHAVIOUR, **fields)
    session.add(goal)
    session.flush()
    return goal.id


def test_it_shows_the_tree_and_where_it_is_thin(blue: Blue) -> None:
    agents, team = blue.centre.agents, blue.centre.team_id
    with unit_of_work(blue.centre.engine) as session:
        fcr = _add(session, "Blue: FCR 85%", Level.TEAM, team_id=team, parent_id=blue.objective)
        csat = _add(session, "Grow CSAT", Level.OBJECTIVE)
        transfers = _add(session, "Blue: fewer transfers", Level.TEAM, team_id=team)
        ann = _add(session, "Ann: AHT 185 s", Level.PERSONAL, agent_id=agents["Ann"],
                   parent_id=blue.team_goal)  # fmt: skip
        ben = _add(session, "Ben: keep notes", Level.PERSONAL, agent_id=agents["Ben"])
        _add(session, "Cat: old goal", Level.PERSONAL, agent_id=agents["Cat"],
             parent_id=fcr, state=GoalState.CLOSED)  # fmt: skip
    with unit_of_work(blue.centre.engine) as session:
        view = service.alignment(session=session, viewer=blue.centre.viewer("tina"))
    tree = view.tree
    shape = [(o.goal.id, [(t.goal.id, [p.goal.id for p in t.children]) for t in o.children])
             for o in tree.objectives]  # fmt: skip
    assert shape == [(blue.objective, [(blue.team_goal, [ann]), (fcr, [])]), (csat, [])]
    assert [n.goal.id for n in tree.unattached_team_goals] == [transfers]
    assert [g.id for g in tree.unsupported_team_goals] == [fcr, transfers]
    assert [g.id for g in tree.unlinked_personal_goals] == [ben]
    assert tree.coverage == 1 / 3
