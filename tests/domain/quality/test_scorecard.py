"""Reading and writing the shared scorecard shape, and naming the path of every problem."""

import copy
import json
from typing import Any

import pytest

from switchboard.domain.quality.scorecard import (
    AnswerType,
    Critical,
    Question,
    ScorecardError,
    from_dict,
    problems,
    to_dict,
)
from tests.domain.quality.test_scoring import CARD

GREET = {"key": "greet", "text": "Greeted?"}
VALID: dict[str, Any] = {
    "name": "Voice",
    "sections": [{"key": "open", "title": "Opening", "weight": 1.0, "questions": [GREET]}],
}
Q = "sections.0.questions.0"


def edited(*path: str | int, value: Any) -> dict[str, Any]:
    """A copy of VALID with the value at ``path`` replaced (or added, one past a list's end)."""
    data = copy.deepcopy(VALID)
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    if isinstance(target, list) and path[-1] == len(target):
        target.append(value)
    else:
        target[path[-1]] = value
    return data


def question(**fields: Any) -> dict[str, Any]:
    return edited("sections", 0, "questions", 0, value={**GREET, **fields})


def refused(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ScorecardError) as error:
        from_dict(data)
    return error.value.problems


def yes_no_choices(**extra: Any) -> list[dict[str, Any]]:
    return [{"label": "yes", "points": 1.0, **extra}, {"label": "no", "points": 0.0}]


# --- round trips ----------------------------------------------------------------------------


def test_a_card_survives_the_round_trip_through_its_file_shape() -> None:
    assert from_dict(to_dict(CARD)) == CARD


def test_a_card_survives_the_round_trip_through_json() -> None:
    assert from_dict(json.loads(json.dumps(to_dict(CARD)))) == CARD


def test_the_file_shape_survives_the_round_trip_through_a_card() -> None:
    data = to_dict(CARD)
    assert to_dict(from_dict(data)) == data


def test_settings_at_their_defaults_are_left_out() -> None:
    assert to_dict(from_dict(VALID)) == VALID
    assert to_dict(CARD)["sections"][1]["questions"][0] == {
        "key": "empathy", "text": "Acknowledged the customer's situation",
        "answer_type": "scale", "weight": 2.0, "scale_min": 1, "scale_max": 5,
    }  # fmt: skip
    pci = to_dict(CARD)["sections"][2]["questions"][1]
    assert pci["critical"] == "fail_section"
    assert pci["compliance"] is True
    assert pci["choices"][2] == {"label": "read aloud", "points": 0.0, "fails": True}


def test_reading_fills_in_the_defaults() -> None:
    greet = from_dict(VALID).question("greet")
    assert greet == Question("greet", "Greeted?")
    assert (greet.answer_type, greet.critical, greet.allow_na) == (
        AnswerType.YES_NO, Critical.NONE, True)  # fmt: skip


def test_a_whole_number_is_read_as_a_weight() -> None:
    card = from_dict(edited("sections", 0, "weight", value=2))
    assert card.sections[0].weight == 2.0
    assert isinstance(card.sections[0].weight, float)


def test_a_valid_card_has_no_problems() -> None:
    assert problems(CARD) == []


# --- problems with the card -----------------------------------------------------------------

KEY_RULE = "use lower-case letters, digits, '_', '-' or '.' (up to 64)"
OPEN2 = {"key": "open", "title": "Again", "questions": [{"key": "other", "text": "Other?"}]}
CLOSE = {"key": "close", "title": "Close", "questions": [GREET]}


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (edited("name", value=" "), "name", "a scorecard needs a name"),
        (edited("pass_mark", value=120), "pass_mark", "must be between 0 and 100"),
        (edited("pass_mark", value=-1), "pass_mark", "must be between 0 and 100"),
        (edited("sections", value=[]), "sections", "a scorecard needs at least one section"),
        (edited("sections", 1, value=OPEN2), "sections", "keys must be unique: open repeated"),
        (edited("sections", 1, value=CLOSE), "questions", "keys must be unique: greet repeated"),
        (edited("sections", 0, "key", value="Open!"), "sections.0.key", KEY_RULE),
        (edited("sections", 0, "key", value="x" * 65), "sections.0.key", KEY_RULE),
        (edited("sections", 0, "title", value=""), "sections.0.title", "a section needs a title"),
        (edited("sections", 0, "weight", value=0), "sections.0.weight", "must be more than 0"),
        (edited("sections", 0, "questions", value=[]), "sections.0.questions",
         "a section needs at least one question"),
        (question(bonus=True), "sections.0.questions",
         "a section needs a question that is not a bonus"),
        (question(key="-greet"), f"{Q}.key", KEY_RULE),
        (question(text=""), f"{Q}.text", "a question needs its wording"),
        (question(weight=-1.0), f"{Q}.weight", "must be more than 0"),
        (question(bonus=True, critical="fail_all"), f"{Q}.bonus",
         "a bonus question cannot be critical or compliance"),
        (question(bonus=True, compliance=True), f"{Q}.bonus",
         "a bonus question cannot be critical or compliance"),
        (question(answer_type="scale", scale_min=5, scale_max=5), f"{Q}.scale_max",
         "must be more than scale_min"),
        (question(answer_type="scale", critical="fail_section"), f"{Q}.critical",
         "a scale has no failing answer: use yes/no or a choice marked 'fails'"),
        (question(answer_type="choice", choices=yes_no_choices()[:1]), f"{Q}.choices",
         "a choice question needs at least two choices"),
        (question(answer_type="choice", choices=yes_no_choices() * 2), f"{Q}.choices",
         "keys must be unique: no, yes repeated"),
        (question(answer_type="choice", choices=yes_no_choices(points=-1.0)), f"{Q}.choices",
         "points cannot be negative"),
        (question(answer_type="choice", choices=yes_no_choices(points=0.0)), f"{Q}.choices",
         "at least one choice must be worth points"),
        (question(answer_type="choice", critical="fail_all",
                  choices=[{"label": "good", "points": 2.0}, {"label": "fair", "points": 1.0}]),
         f"{Q}.critical",
         "a critical choice question needs a choice that fails (marked 'fails', or worth no points)"),
        (question(choices=yes_no_choices()), f"{Q}.choices",
         "only a choice question has choices, not yes_no"),
    ],
)  # fmt: skip
def test_it_names_the_path_of_a_card_problem(data: Any, path: str, message: str) -> None:
    assert (path, message) in refused(data)


def test_a_critical_scale_question_is_refused_on_its_own() -> None:
    assert refused(question(answer_type="scale", critical="fail_all")) == [
        (f"{Q}.critical", "a scale has no failing answer: use yes/no or a choice marked 'fails'")
    ]


def test_a_critical_choice_with_a_failing_choice_is_accepted() -> None:
    card = from_dict(question(answer_type="choice", critical="fail_all",
                              choices=[*yes_no_choices()[:1], {"label": "no", "points": 0.0, "fails": True}]))  # fmt: skip
    assert card.question("greet").choices[1].fails


# --- problems with the file -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ([], "", "a scorecard is a mapping with a name and sections"),
        ("Voice", "", "a scorecard is a mapping with a name and sections"),
        (edited("colour", value="blue"), "colour", "unknown field"),
        (edited("sections", 0, "colour", value="blue"), "sections.0.colour", "unknown field"),
        (question(colour="blue"), f"{Q}.colour", "unknown field"),
        (question(answer_type="choice", choices=yes_no_choices(colour="blue")),
         f"{Q}.choices.0.colour", "unknown field"),
        (edited("name", value=3), "name", "expected text, got 3"),
        (edited("pass_mark", value="80%"), "pass_mark", "expected a number, got '80%'"),
        (edited("sections", value={}), "sections", "expected a list, got {}"),
        (edited("sections", 0, "weight", value="heavy"), "sections.0.weight",
         "expected a number, got 'heavy'"),
        (edited("sections", 0, "weight", value=True), "sections.0.weight",
         "expected a number, got True"),
        (question(scale_min=1.5), f"{Q}.scale_min", "expected a whole number, got 1.5"),
        (question(compliance="yes"), f"{Q}.compliance", "expected true or false, got 'yes'"),
        (question(answer_type="stars"), f"{Q}.answer_type",
         "'stars' is not one of yes_no, scale, choice"),
        (question(critical="maybe"), f"{Q}.critical",
         "'maybe' is not one of none, fail_section, fail_all"),
        (edited("sections", 0, value="open"), "sections.0", "expected a mapping"),
        (edited("sections", 0, "questions", 0, value="greet"), Q, "expected a mapping"),
        (question(answer_type="choice", choices=["yes", "no"]), f"{Q}.choices.0",
         "expected a mapping"),
        (question(answer_type="choice", choices=[{"label": "yes", "points": "one"},
                                                 {"label": "no", "points": 0}]),
         f"{Q}.choices.0.points", "expected a number, got 'one'"),
    ],
)  # fmt: skip
def test_it_names_the_path_of_a_file_problem(data: Any, path: str, message: str) -> None:
    assert (path, message) in refused(data)


def test_it_names_every_problem_at_once() -> None:
    data = copy.deepcopy(VALID)
    data["pass_mark"] = 150
    data["sections"][0]["weight"] = -1
    data["sections"][0]["questions"] = [{**GREET, "text": "", "extra": 1}, GREET]
    assert refused(data) == [
        ("sections.0.questions.0.extra", "unknown field"),
        ("pass_mark", "must be between 0 and 100"),
        ("questions", "keys must be unique: greet repeated"),
        ("sections.0.weight", "must be more than 0"),
        ("sections.0.questions.0.text", "a question needs its wording"),
    ]


def test_the_error_message_lists_each_path() -> None:
    with pytest.raises(ScorecardError, match=r"^name: a scorecard needs a name$"):
        from_dict(edited("name", value=""))
