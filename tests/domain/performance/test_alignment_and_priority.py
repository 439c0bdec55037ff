"""The goal tree's gaps and the urgent/important matrix, on small worked cases."""

from datetime import date

from switchboard.domain.performance.alignment import Goal, align
from switchboard.domain.performance.priority import Action, Quadrant, is_urgent, matrix

OBJECTIVES = [Goal(1, "Resolve more first time"), Goal(2, "Be easier to deal with")]
TEAM = [
    Goal(10, "Blue FCR 80%", parent=1),
    Goal(11, "Blue CSAT 85%", parent=2),
    Goal(12, "Blue AHT 320 s", parent=1),
    Goal(13, "Blue adherence 92%"),  # names no objective
]
PERSONAL = [
    Goal(100, "Ann FCR 78%", parent=10),
    Goal(101, "Ben FCR 76%", parent=10),
    Goal(102, "Cat CSAT 88%", parent=11),
    Goal(103, "Cat adherence 95%", parent=13),
    Goal(104, "Ann typing speed"),  # supports nothing
    Goal(105, "Ben old goal", parent=99),  # its team goal is gone
]


def test_it_builds_the_tree_in_the_order_given() -> None:
    tree = align(objectives=OBJECTIVES, team_goals=TEAM, personal_goals=PERSONAL)
    first, second = tree.objectives
    assert [n.goal.id for n in first.children] == [10, 12]
    assert [p.goal.id for p in first.children[0].children] == [100, 101]
    assert [n.goal.id for n in second.children] == [11]
    assert [n.goal.id for n in tree.unattached_team_goals] == [13]
    assert [p.goal.id for p in tree.unattached_team_goals[0].children] == [103]


def test_it_finds_team_goals_nobody_supports_and_personal_goals_that_support_nothing() -> None:
    tree = align(objectives=OBJECTIVES, team_goals=TEAM, personal_goals=PERSONAL)
    assert [g.id for g in tree.unsupported_team_goals] == [12]
    assert [g.id for g in tree.unlinked_personal_goals] == [104, 105]
    # Team goals 10, 11 and 13 have support, 12 has none: 3 of 4.
    assert tree.coverage == 0.75


def test_an_empty_tree_has_no_coverage() -> None:
    assert align(objectives=[], team_goals=[], personal_goals=[]).coverage is None


TODAY = date(2026, 6, 1)  # a Monday


def test_due_dates_make_actions_urgent_within_two_days() -> None:
    assert is_urgent(Action(1, "a", True, due=date(2026, 6, 3)), today=TODAY)  # 2 days
    assert not is_urgent(Action(2, "b", True, due=date(2026, 6, 4)), today=TODAY)  # 3 days
    assert is_urgent(Action(3, "c", True, due=date(2026, 5, 20)), today=TODAY)  # overdue
    assert is_urgent(Action(4, "d", False, urgent=True), today=TODAY)  # marked so
    assert not is_urgent(Action(5, "e", False), today=TODAY)


def test_the_matrix_sorts_open_actions_by_due_date_and_leaves_done_ones_out() -> None:
    actions = [
        Action(1, "undated but important", True),
        Action(2, "due in a week", True, due=date(2026, 6, 8)),
        Action(3, "overdue", True, due=date(2026, 5, 28)),
        Action(4, "due tomorrow", True, due=date(2026, 6, 2)),
        Action(5, "finished", True, due=date(2026, 6, 2), done=True),
        Action(6, "marked urgent, not important", False, urgent=True),
    ]
    found = matrix(actions, today=TODAY)
    assert list(found) == list(Quadrant)
    assert [a.id for a in found[Quadrant.DO]] == [3, 4]
    assert [a.id for a in found[Quadrant.SCHEDULE]] == [2, 1]
    assert [a.id for a in found[Quadrant.DELEGATE]] == [6]
    assert found[Quadrant.DROP] == []
