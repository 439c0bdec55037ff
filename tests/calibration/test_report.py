"""The agreement report, checked against the krippendorff package and hand-worked deviations."""

from typing import Literal

import krippendorff
import numpy as np
import pytest
from sqlalchemy.orm import Session

from switchboard.calibration import service
from switchboard.calibration.models import CalibrationSession
from switchboard.calibration.service import NO_VARIATION, TOO_FEW
from switchboard.domain.quality.scorecard import from_dict
from tests.access.conftest import Organisation
from tests.calibration.support import (
    ANSWERS,
    CODERS,
    DEFINITION,
    DRAFT,
    SCORES,
    UNITS,
    Known,
)

CODES = {"yes": 1.0, "no": 0.0, "fully": 2.0, "partly": 1.0, "not": 0.0}
LEVELS: dict[str, Literal["nominal", "ordinal", "interval"]] = {
    "greet": "nominal",
    "resolve": "ordinal",
    "tone": "interval",
}


def reliability(values: dict[str, list[float | None]]) -> np.ndarray:
    """Coders × units as the krippendorff package takes it, the draft left out."""
    rows = []
    for coder in CODERS:
        row = [np.nan if v is None else v for v in values[coder]]
        if coder == DRAFT[0]:
            row[UNITS.index(DRAFT[1])] = np.nan
        rows.append(row)
    return np.array(rows, dtype=float)


def coded(key: str) -> dict[str, list[float | None]]:
    return {
        coder: [None if v is None else CODES.get(v) if key != "tone" else float(v)
                for v in answers]
        for coder, answers in ANSWERS[key].items()
    }  # fmt: skip


def test_alpha_per_question_matches_the_krippendorff_package(db: Session, known: Known) -> None:
    report = service.build_report(session=db, session_id=known.session_id)
    by_key = {q.key: q for q in report.questions}
    for key, level in LEVELS.items():
        expected = krippendorff.alpha(reliability_data=reliability(coded(key)),
                                      level_of_measurement=level)  # fmt: skip
        assert by_key[key].level.value == level
        assert by_key[key].alpha == pytest.approx(expected, abs=1e-9), key
        assert by_key[key].poor_agreement is bool(expected < 0.667)
        assert by_key[key].flagged is bool(expected < 0.667)


def test_overall_alpha_is_interval_over_the_overall_scores(db: Session, known: Known) -> None:
    report = service.build_report(session=db, session_id=known.session_id)
    expected = krippendorff.alpha(
        reliability_data=reliability({c: list(s) for c, s in SCORES.items()}),
        level_of_measurement="interval",
    )
    assert report.overall.level.value == "interval"
    assert report.overall.alpha == pytest.approx(expected, abs=1e-9)
    assert report.overall.pairable == 11


def test_it_says_why_an_alpha_is_undefined_without_flagging_the_question(
    db: Session, known: Known
) -> None:
    by_key = {
        q.key: q for q in service.build_report(session=db, session_id=known.session_id).questions
    }
    assert (by_key["idv"].alpha, by_key["idv"].flagged, by_key["idv"].undefined_reason) == (
        None, False, NO_VARIATION,
    )  # fmt: skip
    assert (by_key["pci"].alpha, by_key["pci"].pairable, by_key["pci"].undefined_reason) == (
        None, 0, TOO_FEW,
    )  # fmt: skip
    assert by_key["pci"].poor_agreement is False


def test_it_measures_deviation_from_the_consensus_of_the_others(
    db: Session, known: Known, org: Organisation
) -> None:
    report = service.build_report(session=db, session_id=known.session_id)
    # Hand-worked, leaving each evaluator out of their own reference (lyn's bea is a draft):
    # quinn: 0, +2.5, 0, 0 → +0.625; ari: −7.5, −12.5, −7.5, 0 → −6.875;
    # lyn: +7.5, +10, +7.5 → +8.333.
    found = {d.user_id: (d.units, round(d.mean_difference, 6), round(d.mean_absolute_difference, 6))
             for d in report.deviations}  # fmt: skip
    users = {name: org.users[name].id for name in CODERS}
    assert report.reference == "consensus"
    assert found[users["quinn"]] == (4, 0.625, 0.625)
    assert found[users["ari"]] == (4, -6.875, 6.875)
    assert found[users["lyn"]] == (3, round(25 / 3, 6), round(25 / 3, 6))


def test_it_measures_deviation_from_the_named_expert(
    db: Session, known: Known, org: Organisation
) -> None:
    db.get_one(CalibrationSession, known.session_id).expert_user_id = org.users["ari"].id
    db.commit()
    report = service.build_report(session=db, session_id=known.session_id)
    found = {d.user_id: (d.units, round(d.mean_difference, 6)) for d in report.deviations}
    assert report.reference == "expert"
    # quinn: +5, +10, +5, 0 → +5; lyn: +10, +15, +10 → +11.667; ari is the reference.
    assert found == {org.users["quinn"].id: (4, 5.0),
                     org.users["lyn"].id: (3, round(35 / 3, 6))}  # fmt: skip


def test_it_counts_submitted_against_expected_evaluations(
    db: Session, known: Known, org: Organisation
) -> None:
    counts = service.build_report(session=db, session_id=known.session_id).evaluations
    assert (counts.expected, counts.submitted) == (12, 11)
    assert counts.by_participant == {str(org.users["quinn"].id): 4, str(org.users["ari"].id): 4,
                                     str(org.users["lyn"].id): 3}  # fmt: skip


def test_answers_are_coded_at_their_level_and_na_is_missing() -> None:
    card = from_dict(DEFINITION)
    assert service.code(card.question("greet"), "yes") == 1.0
    assert service.code(card.question("greet"), "no") == 0.0
    assert service.code(card.question("resolve"), "partly") == 1.0
    assert service.code(card.question("tone"), "4") == 4.0
    assert service.code(card.question("tone"), None) is None
    assert service.code(card.question("resolve"), "unknown") is None


def test_only_the_poorly_agreed_questions_are_flagged(db: Session, known: Known) -> None:
    report = service.build_report(session=db, session_id=known.session_id)
    # greet: α = 0.643 (below 0.667); resolve 0.687 and tone 0.831 pass. idv (no variation)
    # and pci (too few answers) have no alpha: nothing says their wording is at fault.
    assert [q.key for q in report.questions if q.flagged] == ["greet"]
    assert report.threshold == 0.667
