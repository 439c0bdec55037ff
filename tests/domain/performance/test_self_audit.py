"""The self-audit's judgements against values worked out by hand.

The first figures are the reference centre's (tests/kpis/reference_centre.py) on 9 June, worked
from its contact table:

    Ann  answered s01 (300+20+60 = 380), s07 (60), s10 (150+10+30 = 190), u08 (90+10 = 100)
         AHT = (380 + 60 + 190 + 100) / 4 = 730 / 4 = 182.5 s
    Ben  answered s02 (200+40 = 240), s09 (100+20 = 120), u05 (180+60 = 240), u09 (60)
         AHT = 660 / 4 = 165 s
    Cat  answered u01 (240+30+30 = 300), u02 (400+60+90 = 550), u06 (120+30 = 150)
         AHT = 1000 / 3 = 333.3 s
"""

import pytest
from scipy import stats

from switchboard.domain.kpi import Better, Rag, Target
from switchboard.domain.performance.aspects import Sample
from switchboard.domain.performance.self_audit import (
    Judgement,
    KpiFigures,
    audit,
    percentile_rank,
    trade_offs,
)

REFERENCE_AHT = (182.5, 165.0, 1000 / 3)  # Ann, Ben, Cat


def test_percentile_ranks_on_the_reference_centre_worked_by_hand() -> None:
    # Lower AHT is better. Ann (182.5 s) beats Cat only: (1 + 0.5 for her own tie) / 3 = 50%.
    # Ben (165 s) beats both: (2 + 0.5) / 3 = 83.3%. Cat beats nobody: 0.5 / 3 = 16.7%.
    ann, ben, cat = (percentile_rank(v, REFERENCE_AHT, Better.LOWER) for v in REFERENCE_AHT)
    assert ann == pytest.approx(50.0)
    assert ben == pytest.approx(250 / 3)
    assert cat == pytest.approx(50 / 3)


def test_percentile_rank_matches_scipy_with_ties() -> None:
    team = [0.70, 0.75, 0.75, 0.80, 0.90, 0.60]
    for value in team:
        expected = stats.percentileofscore(team, value, kind="mean")
        assert percentile_rank(value, team, Better.HIGHER) == pytest.approx(expected)
        # Lower is better turns the ranking round: the complement of scipy's.
        assert percentile_rank(value, team, Better.LOWER) == pytest.approx(100 - expected)


def test_on_the_reference_centre_ann_is_steady_and_too_few_to_rank() -> None:
    # Three agents: ranks are shown, but nobody is judged by quartile in a team of three.
    found = audit([KpiFigures("aht", 182.5, 4, team_values=REFERENCE_AHT)])
    (point,) = found.points
    assert point.team_percentile == pytest.approx(50.0)
    assert point.judgement is Judgement.STEADY
    assert point.low_confidence  # four contacts
    assert "too few for quartiles" in " ".join(point.reasons)


def test_the_target_outranks_the_team() -> None:
    team = (300.0, 310.0, 320.0, 330.0, 340.0)
    # 340 s is the team's worst (0.5 / 5 = 10th percentile) but meets a 360 s target: a strength.
    on_target = KpiFigures("aht", 340.0, 200, target=Target(green=360, amber=400), team_values=team)
    # 300 s is the team's best (90th percentile) but misses a 280 s target badly: development.
    off_target = KpiFigures(
        "aht", 300.0, 200, target=Target(green=250, amber=280), team_values=team
    )
    strength, development = audit([on_target, off_target]).points
    assert (strength.judgement, strength.status) == (Judgement.STRENGTH, Rag.GREEN)
    assert strength.team_percentile == pytest.approx(10.0)
    assert (development.judgement, development.status) == (Judgement.DEVELOPMENT, Rag.RED)
    assert development.team_percentile == pytest.approx(90.0)


def test_without_a_target_the_quartiles_decide() -> None:
    team = (0.60, 0.70, 0.75, 0.80, 0.90)  # FCR, higher is better
    # 0.90: (4 + 0.5) / 5 = 90%, top quartile. 0.60: 0.5 / 5 = 10%, bottom. 0.75: 50%, middle.
    points = audit([KpiFigures("fcr", v, 100, team_values=team) for v in (0.90, 0.60, 0.75)]).points
    assert [p.judgement for p in points] == [
        Judgement.STRENGTH,
        Judgement.DEVELOPMENT,
        Judgement.STEADY,
    ]
    assert [p.team_percentile for p in points] == [90.0, 10.0, 50.0]
    assert "top quartile (better than 90% of 5)" in points[0].reasons[0]


def test_amber_falls_back_to_the_team() -> None:
    team = (0.60, 0.70, 0.75, 0.80, 0.90)
    amber = Target(green=0.95, amber=0.85)
    (point,) = audit([KpiFigures("fcr", 0.90, 100, target=amber, team_values=team)]).points
    assert point.status is Rag.AMBER
    assert point.judgement is Judgement.STRENGTH  # amber, but the team's best


def test_volumes_and_missing_values_are_not_judged() -> None:
    occupancy, answered, empty = audit(
        [
            KpiFigures("occupancy", 0.95, 300, team_values=(0.8, 0.85, 0.9, 0.95)),
            KpiFigures("answered", 300.0, 300),
            KpiFigures("csat", None, 0, Sample.RESPONSES),
        ]
    ).points
    assert occupancy.judgement is answered.judgement is Judgement.NOT_JUDGED
    assert occupancy.team_percentile is None
    assert empty.judgement is Judgement.NOT_JUDGED
    assert empty.reasons == ("no contacts in the period",)


def test_small_samples_are_flagged_but_kept() -> None:
    # 9 survey responses is below the floor of 10; 10 is enough. 29 contacts below 30.
    few, enough, thin = audit(
        [
            KpiFigures("csat", 0.8, 9, Sample.RESPONSES),
            KpiFigures("csat", 0.8, 10, Sample.RESPONSES),
            KpiFigures("aht", 300.0, 29),
        ]
    ).points
    assert (few.low_confidence, enough.low_confidence, thin.low_confidence) == (True, False, True)
    assert few.sample == 9


def test_strengths_and_development_areas_are_listed() -> None:
    found = audit(
        [
            KpiFigures("aht", 280.0, 200, target=Target(green=300, amber=330)),
            KpiFigures("fcr", 0.60, 200, target=Target(green=0.75, amber=0.70)),
            KpiFigures("csat", 0.85, 50, Sample.RESPONSES, target=Target(green=0.8, amber=0.75)),
        ]
    )
    assert [p.kpi for p in found.strengths] == ["aht", "csat"]
    assert [p.kpi for p in found.development_areas] == ["fcr"]


def test_it_warns_when_faster_handling_cost_resolution() -> None:
    # AHT 412 → 371 s: −41 s, 10% of 412, beyond the 3% that counts. FCR 0.78 → 0.72: −6 points.
    aht = KpiFigures("aht", 371.0, 300, previous=412.0, previous_sample=280)
    fcr = KpiFigures("fcr", 0.72, 250, previous=0.78, previous_sample=240)
    (found,) = audit([aht, fcr]).trade_offs
    assert (found.gain.kpi, [loss.kpi for loss in found.losses]) == ("aht", ["fcr"])
    assert found.message == (
        "AHT improved from 412 s to 371 s while effectiveness got worse: FCR 78% → 72%. "
        "An efficiency gain may have cost effectiveness."
    )


def test_one_warning_per_efficiency_gain_names_every_loss() -> None:
    # NPS 20 → −2.4 is a fall of 22.4, far beyond 3% of 20 (0.6).
    found = trade_offs(
        [
            KpiFigures("aht", 392.0, 600, previous=495.0, previous_sample=100),
            KpiFigures("fcr", 0.784, 600, previous=0.831, previous_sample=100),
            KpiFigures("nps", -2.4, 85, Sample.RESPONSES, previous=20.0, previous_sample=30),
        ]
    )
    assert len(found) == 1
    assert found[0].message.endswith(
        "got worse: FCR 83.1% → 78.4%, NPS 20 → −2.4. An efficiency gain may have cost "
        "effectiveness."
    )


def test_higher_occupancy_counts_as_an_efficiency_gain() -> None:
    occupancy = KpiFigures("occupancy", 0.92, 300, previous=0.84, previous_sample=300)
    csat = KpiFigures("csat", 0.70, 40, Sample.RESPONSES, previous=0.80, previous_sample=40)
    assert [t.gain.kpi for t in trade_offs([occupancy, csat])] == ["occupancy"]


def test_no_warning_for_small_moves_small_samples_or_both_improving() -> None:
    # AHT 400 → 390 s is 2.5%, under 3%: not material.
    small = [
        KpiFigures("aht", 390.0, 300, previous=400.0, previous_sample=300),
        KpiFigures("fcr", 0.70, 300, previous=0.78, previous_sample=300),
    ]
    # FCR fell 1.9 points only (0.781 → 0.762): under the 2 points that count.
    slight = [
        KpiFigures("aht", 350.0, 300, previous=400.0, previous_sample=300),
        KpiFigures("fcr", 0.762, 300, previous=0.781, previous_sample=300),
    ]
    # CSAT fell on 8 responses: too few to judge.
    thin = [
        KpiFigures("aht", 350.0, 300, previous=400.0, previous_sample=300),
        KpiFigures("csat", 0.5, 8, Sample.RESPONSES, previous=0.9, previous_sample=30),
    ]
    # Both got better.
    both = [
        KpiFigures("aht", 350.0, 300, previous=400.0, previous_sample=300),
        KpiFigures("fcr", 0.80, 300, previous=0.75, previous_sample=300),
    ]
    for case in (small, slight, thin, both):
        assert trade_offs(case) == []
