"""The KPI formulas, the registry and targets on hand-built measures: no database.

Every expected value is worked out by hand in the comments beside it.
"""

import doctest
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from switchboard.domain.kpi import (
    ALL_MEASURES,
    KPIS,
    REGISTRY,
    AbandonTreatment,
    Better,
    KpiSettings,
    Measures,
    Rag,
    Target,
    compute_all,
    empty,
    formulas,
    measures,
    merge_into,
    merged,
    rag,
    targets,
)
from switchboard.domain.kpi.formulas import (
    is_csat_satisfied,
    net_promoter_score,
    occupancy,
    ratio,
    service_level,
)
from switchboard.kit import intervals

EXCLUDE, AGAINST, IN_FAVOUR = (
    AbandonTreatment.EXCLUDE,
    AbandonTreatment.AGAINST,
    AbandonTreatment.IN_FAVOUR,
)


@pytest.mark.parametrize(
    "module", [formulas, measures, targets, intervals], ids=lambda m: m.__name__
)
def test_the_doctests_of_the_maths_modules_pass(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0


# --- formulas ---------------------------------------------------------------------------------


def test_ratio_divides_and_has_no_value_without_a_denominator() -> None:
    assert ratio(3, 4) == 0.75
    assert ratio(0, 5) == 0.0  # a true zero
    assert ratio(0, 0) is None  # no data
    assert ratio(7, 0) is None


@pytest.mark.parametrize(
    ("treatment", "value"),
    [
        (EXCLUDE, 15 / 20),  # 15 answered within T ÷ 20 answered
        (AGAINST, 15 / 25),  # 15 ÷ (20 answered + 5 abandoned)
        (IN_FAVOUR, 17 / 25),  # (15 + 2 abandoned within T) ÷ (20 + 5)
    ],
)
def test_service_level_follows_the_abandon_treatment(
    treatment: AbandonTreatment, value: float
) -> None:
    got = service_level(
        answered_within=15, answered=20, abandoned_within=2, abandoned=5, treatment=treatment
    )
    assert got == pytest.approx(value)


def test_service_level_has_no_value_without_a_denominator() -> None:
    none_answered = {"answered_within": 0, "answered": 0, "abandoned_within": 1, "abandoned": 3}
    assert service_level(**none_answered, treatment=EXCLUDE) is None  # 0 ÷ 0
    assert service_level(**none_answered, treatment=AGAINST) == 0.0  # 0 ÷ 3
    assert service_level(**none_answered, treatment=IN_FAVOUR) == pytest.approx(1 / 3)
    nothing = dict.fromkeys(none_answered, 0)
    assert all(service_level(**nothing, treatment=t) is None for t in AbandonTreatment)


def test_net_promoter_score_is_percent_promoters_minus_percent_detractors() -> None:
    assert net_promoter_score(promoters=5, detractors=2, responses=10) == 30.0  # 50 % - 20 %
    assert net_promoter_score(promoters=4, detractors=0, responses=4) == 100.0
    assert net_promoter_score(promoters=0, detractors=3, responses=3) == -100.0
    assert net_promoter_score(promoters=1, detractors=1, responses=3) == 0.0
    assert net_promoter_score(promoters=0, detractors=0, responses=0) is None


def test_occupancy_is_busy_over_busy_and_available() -> None:
    # (2400 + 600) ÷ (2400 + 600 + 1000) = 3000 ÷ 4000
    assert occupancy(on_contact=2400, wrap_up=600, available=1000) == 0.75
    assert occupancy(on_contact=0, wrap_up=0, available=1000) == 0.0
    assert occupancy(on_contact=0, wrap_up=0, available=0) is None


@pytest.mark.parametrize(
    ("score", "scale_max", "top", "satisfied"),
    [
        (4, 5, 2, True),  # 1-5, top two boxes are 4 and 5
        (3, 5, 2, False),
        (5, 5, 1, True),  # top box only
        (4, 5, 1, False),
        (9, 10, 2, True),  # 0-10: top two are 9 and 10
        (8, 10, 2, False),
        (5, 7, 3, True),  # 1-7, top three are 5, 6, 7
        (4, 7, 3, False),
    ],
)
def test_csat_counts_the_top_boxes_of_each_scale(
    score: float, scale_max: float, top: int, satisfied: bool
) -> None:
    assert is_csat_satisfied(score, scale_max, top) is satisfied


# --- measures ---------------------------------------------------------------------------------


def test_measures_add_up_except_the_longest_wait() -> None:
    total = empty()
    assert set(total) == set(ALL_MEASURES)
    assert not any(total.values())
    merge_into(total, {"offered": 3, "talk_sum": 100.5, "wait_max": 40})
    merge_into(total, {"offered": 2, "talk_sum": 50, "wait_max": 25, "answered": None})
    assert total["offered"] == 5  # 3 + 2
    assert total["talk_sum"] == 150.5  # 100.5 + 50
    assert total["wait_max"] == 40  # max(40, 25)
    assert total["answered"] == 0  # None counts as nothing
    both = merged([{"offered": 1, "wait_max": 5}, {"offered": 4, "wait_max": 9}])
    assert (both["offered"], both["wait_max"]) == (5, 9)


# --- the registry -----------------------------------------------------------------------------


def test_the_registry_has_the_25_kpis_each_named_once() -> None:
    names = [kpi.name for kpi in KPIS]
    assert len(names) == 25
    assert len(set(names)) == 25
    assert names == list(REGISTRY)
    assert set(names) == {
        "offered", "answered", "abandoned", "short_abandoned", "service_level", "asa", "aht",
        "talk_time", "hold_time", "wrap_time", "abandonment_rate", "average_abandon_time",
        "longest_wait", "fcr", "transfer_rate", "escalation_rate", "occupancy", "utilisation",
        "shrinkage", "csat", "nps", "ces", "response_rate", "qa_score", "compliance_pass_rate",
    }  # fmt: skip


def test_every_setting_a_kpi_names_is_a_setting_reports_print() -> None:
    printed = set(KpiSettings().as_dict())
    for kpi in KPIS:
        assert set(kpi.settings) <= printed, kpi.name


def hand_built() -> Measures:
    """One queue's day, summarised by hand."""
    m = empty()
    m.update({
        "offered": 20, "answered": 14, "answered_wait_sum": 280, "answered_in_sl": 11,
        "abandoned_all": 5, "abandon_wait_all": 150, "abandoned_short": 2,
        "abandon_wait_short": 6, "abandoned_in_sl": 1, "wait_max": 95,
        "talk_sum": 2800, "hold_sum": 140, "wrap_sum": 700, "transferred": 2, "escalated": 1,
        "surveyed": 7, "csat_responses": 6, "csat_satisfied": 4, "nps_responses": 8,
        "nps_promoters": 4, "nps_detractors": 2, "ces_responses": 4, "ces_sum": 22,
        "fcr_handled": 10, "fcr_resolved": 7,
        "available": 3000, "on_contact": 6000, "wrap_up": 1000, "logged_in": 500,
        "break": 900, "lunch": 1800, "training": 600, "meeting": 300, "coaching": 200,
        "qa_evaluations": 4, "qa_score_sum": 330, "qa_compliance_evaluations": 3,
        "qa_compliance_passed": 2,
    })  # fmt: skip
    return m


HAND_BUILT_KPIS = {
    "offered": 20,
    "answered": 14,
    "abandoned": 3,  # 5 abandoned - 2 short
    "short_abandoned": 2,
    "service_level": 11 / 17,  # against (default): 11 ÷ (14 + 3)
    "asa": 20.0,  # 280 ÷ 14
    "aht": 260.0,  # (2800 + 140 + 700) ÷ 14 = 3640 ÷ 14
    "talk_time": 200.0,  # 2800 ÷ 14
    "hold_time": 10.0,  # 140 ÷ 14
    "wrap_time": 50.0,  # 700 ÷ 14
    "abandonment_rate": 1 / 6,  # 3 ÷ (20 - 2)
    "average_abandon_time": 48.0,  # (150 - 6) ÷ 3
    "longest_wait": 95.0,
    "fcr": 0.7,  # 7 ÷ 10
    "transfer_rate": 1 / 7,  # 2 ÷ 14
    "escalation_rate": 1 / 14,
    "occupancy": 0.7,  # (6000 + 1000) ÷ (7000 + 3000)
    # paid = 3000 + 6000 + 1000 + 500 + 900 + 1800 + 600 + 300 + 200 = 14300
    "utilisation": 7000 / 14300,
    "shrinkage": 3800 / 14300,  # (900 + 1800 + 600 + 300 + 200) ÷ 14300
    "csat": 4 / 6,
    "nps": 25.0,  # 100 x (4 - 2) ÷ 8
    "ces": 5.5,  # 22 ÷ 4
    "response_rate": 0.5,  # 7 ÷ 14
    "qa_score": 82.5,  # 330 ÷ 4 evaluations (say 90, 85, 80 and 75)
    "compliance_pass_rate": 2 / 3,  # 2 passed ÷ 3 with a compliance item that applied
}


def test_every_registry_kpi_on_hand_built_measures() -> None:
    got = compute_all(hand_built(), KpiSettings(), tuple(REGISTRY))
    assert set(HAND_BUILT_KPIS) == set(REGISTRY)
    assert got == pytest.approx(HAND_BUILT_KPIS)
    for name in ("offered", "answered", "abandoned", "short_abandoned"):
        assert isinstance(got[name], int), name  # volumes are whole contacts


@pytest.mark.parametrize(
    ("treatment", "value"),
    [(EXCLUDE, 11 / 14), (AGAINST, 11 / 17), (IN_FAVOUR, 12 / 17)],  # (11 + 1) ÷ (14 + 3)
)
def test_the_registry_service_level_uses_the_chosen_treatment(
    treatment: AbandonTreatment, value: float
) -> None:
    settings = KpiSettings(abandon_treatment=treatment)
    assert REGISTRY["service_level"].compute(hand_built(), settings) == pytest.approx(value)


def test_without_data_volumes_are_zero_and_every_other_kpi_has_no_value() -> None:
    got = compute_all(empty(), KpiSettings(), tuple(REGISTRY))
    volumes = {"offered", "answered", "abandoned", "short_abandoned"}
    assert {name: got[name] for name in volumes} == dict.fromkeys(volumes, 0)
    assert {name: got[name] for name in set(got) - volumes} == dict.fromkeys(
        set(got) - volumes, None
    )


def test_the_longest_wait_needs_an_offered_contact() -> None:
    m = empty()
    m["wait_max"] = 30  # say, from a row that offered nothing
    assert REGISTRY["longest_wait"].compute(m, KpiSettings()) is None


def test_settings_refuse_impossible_values() -> None:
    for bad, message in (
        ({"short_abandon_seconds": -1}, "short_abandon_seconds"),
        ({"service_level_seconds": 0}, "service_level_seconds"),
        ({"fcr_window_seconds": 0}, "fcr_window_seconds"),
        ({"csat_top_boxes": 0}, "csat_top_boxes"),
    ):
        with pytest.raises(ValueError, match=message):
            KpiSettings(**bad)  # type: ignore[arg-type]


# --- service level against Asterisk's own counters --------------------------------------------

ANSWERING = ("COMPLETEAGENT", "COMPLETECALLER", "BLINDTRANSFER", "ATTENDEDTRANSFER")
SERVICELEVEL = 20


def asterisk_counters(calls: list[tuple[str, int]]) -> dict[str, int]:
    """What app_queue counts for ``calls`` of (closing event, holdtime seconds).

    In app_queue.c a bridged call ends in ``update_queue()``, which does ``callscompleted++``
    and, when ``callcompletedinsl`` (holdtime <= servicelevel), ``callscompletedinsl++``;
    transfers end there too. A caller hanging up in the queue goes through
    ``record_abandoned()``: ``callsabandoned++`` and, when holdtime <= servicelevel,
    ``callsabandonedinsl++``. A timeout (EXITWITHTIMEOUT) goes through neither.
    """
    counters = dict.fromkeys(
        ("callscompleted", "callscompletedinsl", "callsabandoned", "callsabandonedinsl"), 0
    )
    for event, holdtime in calls:
        if event in ANSWERING:
            counters["callscompleted"] += 1
            counters["callscompletedinsl"] += holdtime <= SERVICELEVEL
        elif event == "ABANDON":
            counters["callsabandoned"] += 1
            counters["callsabandonedinsl"] += holdtime <= SERVICELEVEL
    return counters


def asterisk_sl(c: dict[str, int]) -> float | None:
    """``queue show``'s SL: callscompletedinsl ÷ callscompleted."""
    return c["callscompletedinsl"] / c["callscompleted"] if c["callscompleted"] else None


def asterisk_sl2(c: dict[str, int]) -> float | None:
    """``queue show``'s SL2: (abandonedinsl + completedinsl) ÷ (abandoned + completed)."""
    denominator = c["callsabandoned"] + c["callscompleted"]
    return (
        (c["callsabandonedinsl"] + c["callscompletedinsl"]) / denominator if denominator else None
    )


def our_measures(calls: list[tuple[str, int]]) -> Measures:
    """The same calls summarised by Switchboard's definitions (short-abandon threshold 0)."""
    m = empty()
    for event, wait in calls:
        m["offered"] += 1
        if event in ANSWERING:
            m["answered"] += 1
            m["answered_in_sl"] += wait <= SERVICELEVEL
        elif event == "ABANDON":
            m["abandoned_all"] += 1
            m["abandoned_in_sl"] += wait <= SERVICELEVEL
    return m


ASTERISK_SETTINGS = {"short_abandon_seconds": 0, "service_level_seconds": SERVICELEVEL}


def test_service_level_matches_asterisk_sl_and_sl2_on_a_worked_example() -> None:
    calls = [
        ("COMPLETEAGENT", 5), ("COMPLETECALLER", 20), ("BLINDTRANSFER", 12),
        ("COMPLETEAGENT", 21), ("ATTENDEDTRANSFER", 45),
        ("ABANDON", 0), ("ABANDON", 20), ("ABANDON", 33), ("EXITWITHTIMEOUT", 300),
    ]  # fmt: skip
    counters = asterisk_counters(calls)
    # completed: 5 calls, 3 within 20 s (5, 20, 12); abandoned: 3, 2 within (0, 20)
    assert counters == {"callscompleted": 5, "callscompletedinsl": 3,
                        "callsabandoned": 3, "callsabandonedinsl": 2}  # fmt: skip
    assert asterisk_sl(counters) == 3 / 5
    assert asterisk_sl2(counters) == 5 / 8  # (2 + 3) ÷ (3 + 5)
    m = our_measures(calls)
    exclude = KpiSettings(abandon_treatment=EXCLUDE, **ASTERISK_SETTINGS)  # type: ignore[arg-type]
    in_favour = KpiSettings(abandon_treatment=IN_FAVOUR, **ASTERISK_SETTINGS)  # type: ignore[arg-type]
    against = KpiSettings(abandon_treatment=AGAINST, **ASTERISK_SETTINGS)  # type: ignore[arg-type]
    assert REGISTRY["service_level"].compute(m, exclude) == pytest.approx(3 / 5)
    assert REGISTRY["service_level"].compute(m, in_favour) == pytest.approx(5 / 8)
    assert REGISTRY["service_level"].compute(m, against) == pytest.approx(3 / 8)  # 3 ÷ (5 + 3)


CALLS = st.lists(
    st.tuples(st.sampled_from([*ANSWERING, "ABANDON", "EXITWITHTIMEOUT"]), st.integers(0, 120)),
    max_size=40,
)


@given(CALLS)
def test_service_level_equals_asterisk_sl_and_sl2_for_any_calls(
    calls: list[tuple[str, int]],
) -> None:
    counters, m = asterisk_counters(calls), our_measures(calls)
    for treatment, asterisk in ((EXCLUDE, asterisk_sl), (IN_FAVOUR, asterisk_sl2)):
        settings = KpiSettings(abandon_treatment=treatment, **ASTERISK_SETTINGS)  # type: ignore[arg-type]
        assert REGISTRY["service_level"].compute(m, settings) == pytest.approx(asterisk(counters))


# --- targets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "better", "status"),
    [
        (0.80, Target(0.8, 0.7), Better.HIGHER, Rag.GREEN),  # exactly green
        (0.79, Target(0.8, 0.7), Better.HIGHER, Rag.AMBER),
        (0.70, Target(0.8, 0.7), Better.HIGHER, Rag.AMBER),  # exactly amber
        (0.69, Target(0.8, 0.7), Better.HIGHER, Rag.RED),
        (300, Target(300, 360), Better.LOWER, Rag.GREEN),  # AHT at its target
        (301, Target(300, 360), Better.LOWER, Rag.AMBER),
        (360, Target(300, 360), Better.LOWER, Rag.AMBER),
        (361, Target(300, 360), Better.LOWER, Rag.RED),
        (0.0, Target(0.0, 0.05), Better.LOWER, Rag.GREEN),  # a zero value is still a value
        (None, Target(0.8, 0.7), Better.HIGHER, None),  # no value, no status
        (0.9, None, Better.HIGHER, None),  # no target
        (120, Target(100, 80), Better.NEUTRAL, None),  # volumes are neither good nor bad
    ],
)
def test_red_amber_green_follows_the_kpi_direction(
    value: float | None, target: Target | None, better: Better, status: Rag | None
) -> None:
    assert rag(value, target, better) == status


def test_a_target_must_order_its_bounds_by_the_kpi_direction() -> None:
    Target(green=0.8, amber=0.7).check(Better.HIGHER)
    Target(green=0.8, amber=0.8).check(Better.HIGHER)  # no amber band is allowed
    Target(green=300, amber=360).check(Better.LOWER)
    Target(green=5, amber=1).check(Better.NEUTRAL)
    with pytest.raises(ValueError, match="higher-is-better"):
        Target(green=0.7, amber=0.8).check(Better.HIGHER)
    with pytest.raises(ValueError, match="lower-is-better"):
        Target(green=360, amber=300).check(Better.LOWER)
