"""The Review of an improvement: hand-worked effects, the bootstrap's coverage on simulated data
with a known true effect, the verdicts and the plain sentence.

Coverage bands. A 95% interval should cover the truth in 95% of trials. Two things move the
observed share: the binomial spread over 1,000 trials, √(0.95 × 0.05 / 1,000) = 0.7 points, and
the percentile interval's known small shortfall on skewed data (measured over 4,000 trials of
these very simulations: 94.3% without and 94.7% with the control group). The band 92% to 97.5%
sits 3 standard deviations below 94.3% and over 3 above 95%: a sound method passes, while a
kernel that drew the wrong indices, or a 90% interval passed off as a 95% one (89% to 90%
coverage), falls outside it. 400 trials were too few: one block of 400 covered 91.75%.
"""

import math

import numpy as np
import pytest

from switchboard.domain.kpi import Better, Unit
from switchboard.domain.performance.impact import (
    Estimate,
    Impact,
    Verdict,
    resampled_means,
    review_impact,
    sentence,
)

TRIALS = 1000
BAND = (0.92, 0.975)
CONTACTS = 200  # per group in the simulated trials
RESAMPLES = 500  # enough for the 2.5% and 97.5% quantiles, and keeps each trial under 1 ms
SIGMA = 0.5  # log-scale spread of handle times: a coefficient of variation of 0.53, as in AHT
MU = math.log(400) - SIGMA**2 / 2  # a lognormal's mean is exp(μ + σ² / 2): here exactly 400 s


def _handle_times(rng: np.random.Generator, mean: float) -> np.ndarray:
    """Lognormal handle times whose true mean is `mean` seconds."""
    return rng.lognormal(math.log(mean) - SIGMA**2 / 2, SIGMA, CONTACTS)


# --- hand-worked --------------------------------------------------------------------------


def test_it_computes_the_changes_worked_by_hand() -> None:
    # before: (300 + 400 + 500 + 400) / 4 = 1600 / 4 = 400 s
    # after:  (330 + 370 + 340 + 400) / 4 = 1440 / 4 = 360 s
    # relative: 360 / 400 − 1 = 0.9 − 1 = −0.10; absolute: 360 − 400 = −40 s
    impact = review_impact([300, 400, 500, 400], [330, 370, 340, 400], better=Better.LOWER,
                           seed=1, min_contacts=4)  # fmt: skip
    assert (impact.before, impact.after) == (400.0, 360.0)
    assert impact.relative.value == pytest.approx(-0.10)
    assert impact.absolute.value == pytest.approx(-40.0)
    assert impact.contacts == (4, 4)
    assert not impact.controlled


def test_it_computes_the_difference_in_differences_worked_by_hand() -> None:
    # The team as above: 400 s → 360 s, a ratio of 360 / 400 = 0.9.
    # control before: (200 + 300 + 250 + 250) / 4 = 1000 / 4 = 250 s
    # control after:  (250 + 300 + 275 + 275) / 4 = 1100 / 4 = 275 s, a ratio of 275 / 250 = 1.1
    # relative DiD: 0.9 / 1.1 − 1 = −0.2 / 1.1 = −0.181818…
    # absolute DiD: (360 − 400) − (275 − 250) = −40 − 25 = −65 s
    impact = review_impact(
        [300, 400, 500, 400], [330, 370, 340, 400], better=Better.LOWER, seed=1, min_contacts=4,
        control_before=[200, 300, 250, 250], control_after=[250, 300, 275, 275],
    )  # fmt: skip
    assert (impact.control_before, impact.control_after) == (250.0, 275.0)
    assert impact.relative.value == pytest.approx(-0.2 / 1.1)
    assert impact.absolute.value == pytest.approx(-65.0)
    assert impact.contacts == (4, 4, 4, 4)


def test_it_draws_every_contact_with_equal_chance() -> None:
    # Put all the weight on one contact k of 5: a resample's mean is then the number of times k
    # was drawn, Binomial(5, 1/5), whose mean is 1 and variance 5 × 0.2 × 0.8 = 0.8. Over 50,000
    # resamples the average has a standard error of √(0.8 / 50,000) = 0.004; allow 5 of them.
    for k in range(5):
        values = np.zeros(5)
        values[k] = 5.0
        counts = resampled_means(values, resamples=50_000, seed=k)
        assert counts.mean() == pytest.approx(1.0, abs=0.02)
        assert counts.var() == pytest.approx(0.8, rel=0.03)
        assert set(np.unique(counts)) <= {0.0, 1.0, 2.0, 3.0, 4.0, 5.0}


# --- coverage on simulated data -----------------------------------------------------------


def _review_trial(trial: int, *, true_ratio: float, controlled: bool) -> Impact:
    rng = np.random.default_rng([2024, trial])
    before, after = _handle_times(rng, 400.0), _handle_times(rng, 400.0 * true_ratio)
    if not controlled:
        return review_impact(before, after, better=Better.LOWER, seed=trial, resamples=RESAMPLES)
    # The control group has its own trend, +5%, which the team shares on top of its own change:
    # the DiD's true relative effect is (true_ratio × 1.05) / 1.05 − 1 = true_ratio − 1.
    after = after * 1.05
    control = _handle_times(rng, 300.0), _handle_times(rng, 300.0 * 1.05)
    return review_impact(before, after, better=Better.LOWER, seed=trial, resamples=RESAMPLES,
                         control_before=control[0], control_after=control[1])  # fmt: skip


@pytest.mark.parametrize("controlled", [False, True], ids=["before-after", "diff-in-diff"])
def test_it_covers_a_known_10_percent_fall_in_about_95_percent_of_trials(controlled: bool) -> None:
    impacts = [_review_trial(t, true_ratio=0.9, controlled=controlled) for t in range(TRIALS)]
    covered = np.mean([i.relative.low <= -0.10 <= i.relative.high for i in impacts])
    assert BAND[0] <= covered <= BAND[1]
    # The estimate is centred on the truth. One trial's spread is about 0.053 (0.075 with the
    # control group), so the average of 1,000 is within 0.075 / √1,000 = 0.0024 (four of those: 0.01).
    assert np.mean([i.relative.value for i in impacts]) == pytest.approx(-0.10, abs=0.01)


@pytest.mark.parametrize("controlled", [False, True], ids=["before-after", "diff-in-diff"])
def test_it_calls_no_true_change_inconclusive_in_about_95_percent_of_trials(
    controlled: bool,
) -> None:
    impacts = [_review_trial(t, true_ratio=1.0, controlled=controlled) for t in range(TRIALS)]
    inconclusive = np.mean([i.verdict is Verdict.NO_CLEAR_CHANGE for i in impacts])
    assert BAND[0] <= inconclusive <= BAND[1]


def test_it_reports_a_zero_effect_as_no_clear_change() -> None:
    rng = np.random.default_rng(7)
    # The same 1,000 handle times before and after, in another order: no change at all.
    before = rng.lognormal(MU, SIGMA, 1000)
    impact = review_impact(before, rng.permutation(before), better=Better.LOWER, seed=7)
    assert impact.relative.value == pytest.approx(0.0, abs=1e-12)
    assert impact.verdict is Verdict.NO_CLEAR_CHANGE
    assert impact.relative.low < 0 < impact.relative.high
    assert impact.reason == "the 95% interval includes no change"
    assert sentence(impact, title="AHT", unit=Unit.SECONDS).endswith(
        ": the data cannot tell this apart from no change."
    )


# --- verdicts -----------------------------------------------------------------------------


def _resolved(rng: np.random.Generator, share: float, contacts: int = 5000) -> np.ndarray:
    return (rng.random(contacts) < share).astype(float)


def test_it_calls_a_fall_in_aht_an_improvement() -> None:
    rng = np.random.default_rng(3)
    before, after = rng.lognormal(MU, SIGMA, 2000), 0.85 * rng.lognormal(MU, SIGMA, 2000)
    impact = review_impact(before, after, better=Better.LOWER, seed=3)
    assert impact.verdict is Verdict.IMPROVED
    assert impact.relative.high < 0
    assert impact.reason == "the whole 95% interval is below no change, and lower is better"


def test_it_calls_a_fall_in_fcr_a_change_for_the_worse() -> None:
    rng = np.random.default_rng(4)
    impact = review_impact(_resolved(rng, 0.75), _resolved(rng, 0.70), better=Better.HIGHER,
                           seed=4)  # fmt: skip
    assert impact.verdict is Verdict.WORSENED
    assert sentence(impact, title="FCR", unit=Unit.RATIO).endswith(": a change for the worse.")


def test_it_calls_a_rise_in_fcr_an_improvement() -> None:
    rng = np.random.default_rng(5)
    impact = review_impact(_resolved(rng, 0.70), _resolved(rng, 0.75), better=Better.HIGHER,
                           seed=5)  # fmt: skip
    assert impact.verdict is Verdict.IMPROVED


def test_it_judges_against_the_control_group_not_the_raw_change() -> None:
    # The team's AHT fell 5%, but the control group's fell 20%: against it, the team did worse.
    before, after = np.full(100, 400.0), np.full(100, 380.0)
    control_before, control_after = np.full(100, 500.0), np.full(100, 400.0)
    before[::2], control_before[::2] = 420.0, 520.0  # a little spread, so resamples differ
    impact = review_impact(before, after, better=Better.LOWER, seed=1,
                           control_before=control_before, control_after=control_after)  # fmt: skip
    assert impact.after < impact.before
    assert impact.relative.value > 0
    assert impact.verdict is Verdict.WORSENED


# --- when the data cannot support a conclusion --------------------------------------------


def test_it_says_which_group_has_too_few_contacts() -> None:
    enough = np.full(40, 300.0)
    impact = review_impact(enough, enough, better=Better.LOWER, seed=1,
                           control_before=enough, control_after=enough[:12])  # fmt: skip
    assert impact.verdict is Verdict.INSUFFICIENT_DATA
    assert impact.reason == "only 12 contacts in the control group after, fewer than the 30 needed"
    assert math.isnan(impact.relative.value)
    assert math.isnan(impact.absolute.low)
    assert sentence(impact, title="AHT", unit=Unit.SECONDS) == (
        "AHT cannot be reviewed: only 12 contacts in the control group after, fewer than the 30 "
        "needed."
    )


def test_it_uses_the_minimum_it_is_given() -> None:
    impact = review_impact(np.ones(40), np.ones(40), better=Better.HIGHER, seed=1, min_contacts=50)
    assert impact.reason == "only 40 contacts before the change, fewer than the 50 needed"


def test_it_refuses_a_relative_change_from_a_zero_mean() -> None:
    impact = review_impact(np.zeros(50), _resolved(np.random.default_rng(1), 0.1, 50),
                           better=Better.LOWER, seed=1)  # fmt: skip
    assert impact.verdict is Verdict.INSUFFICIENT_DATA
    assert (
        impact.reason
        == "the mean before the change is 0, so a relative change from it is undefined"
    )


def test_it_refuses_a_difference_in_differences_over_a_zero_control_mean() -> None:
    ones = np.ones(50)
    impact = review_impact(ones, ones, better=Better.LOWER, seed=1,
                           control_before=ones, control_after=np.zeros(50))  # fmt: skip
    assert impact.reason == (
        "the mean in the control group after is 0, so a relative change from it is undefined"
    )


def test_it_refuses_when_resamples_can_have_nothing_to_divide_by() -> None:
    # One escalation in 30 contacts: a resample misses it with chance (29/30)^30 = 36%.
    rare = np.zeros(30)
    rare[0] = 1.0
    impact = review_impact(rare, np.ones(30), better=Better.LOWER, seed=1, resamples=1000)
    assert impact.verdict is Verdict.INSUFFICIENT_DATA
    assert impact.reason.startswith("in 3")  # about 360 of the 1,000 resamples
    assert impact.reason.endswith(
        "of 1,000 resamples a mean that the relative change divides by was 0: too few contacts "
        "with a value above 0"
    )


# --- reproducibility and bad input --------------------------------------------------------


def test_it_gives_the_same_review_for_the_same_seed() -> None:
    rng = np.random.default_rng(9)
    before, after = rng.lognormal(MU, SIGMA, 300), rng.lognormal(MU, SIGMA, 300)
    first = review_impact(before, after, better=Better.LOWER, seed=42)
    assert review_impact(before, after, better=Better.LOWER, seed=42) == first
    assert review_impact(before, after, better=Better.LOWER, seed=43).relative != first.relative
    seeded = np.random.SeedSequence(42)
    assert review_impact(before, after, better=Better.LOWER, seed=seeded) == first


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"better": Better.NEUTRAL}, "neutral"),
        ({"control_before": np.ones(40)}, "both its before and its after"),
        ({"before": np.r_[np.ones(39), -1.0]}, "before the change must be finite and non-negative"),
        ({"after": np.r_[np.ones(39), np.nan]}, "after the change must be finite and non-negative"),
        ({"after": np.ones((2, 20))}, "one row"),
        ({"confidence": 95}, "between 0 and 1"),
        ({"resamples": 0}, "at least one resample"),
    ],
)
def test_it_rejects_input_it_cannot_review(arguments: dict[str, object], message: str) -> None:
    given: dict[str, object] = {"before": np.ones(40), "after": np.ones(40),
                                "better": Better.LOWER, "seed": 1, **arguments}  # fmt: skip
    with pytest.raises(ValueError, match=message):
        review_impact(**given)  # type: ignore[arg-type]


# --- the sentence -------------------------------------------------------------------------


def _impact(before: float, after: float, relative: tuple[float, float, float], verdict: Verdict,
            control: tuple[float, float] | None = None) -> Impact:  # fmt: skip
    nan = Estimate(math.nan, math.nan, math.nan)
    contacts = (100,) * (4 if control else 2)
    return Impact(before, after, Estimate(*relative), nan, verdict, "", contacts,
                  *(control or (None, None)))  # fmt: skip


def test_it_reports_seconds_and_an_improvement_plainly() -> None:
    impact = _impact(412.0, 371.0, (-0.0995, -0.14, -0.061), Verdict.IMPROVED)
    assert sentence(impact, title="AHT", unit=Unit.SECONDS) == (
        "AHT fell from 412 s to 371 s (−10%, 95% CI −14% to −6%): an improvement."
    )


def test_it_reports_a_ratio_that_the_data_cannot_tell_from_no_change() -> None:
    impact = _impact(0.71, 0.74, (0.0423, -0.012, 0.089), Verdict.NO_CLEAR_CHANGE)
    assert sentence(impact, title="FCR", unit=Unit.RATIO) == (
        "FCR rose from 71% to 74% (+4%, 95% CI −1% to +9%): the data cannot tell this apart "
        "from no change."
    )


def test_it_says_it_compared_against_the_control_group() -> None:
    impact = _impact(412.0, 371.0, (-0.08, -0.12, -0.04), Verdict.IMPROVED, control=(405.0, 398.0))
    assert sentence(impact, title="AHT", unit=Unit.SECONDS) == (
        "AHT fell from 412 s to 371 s while the control group's fell from 405 s to 398 s (−8% "
        "against it, 95% CI −12% to −4%): an improvement."
    )


def test_it_adds_decimals_only_where_rounding_would_hide_a_difference() -> None:
    # 4.2 and 4.24 show as 4.20 and 4.24; a bound of +0.3% would read as 0% at no decimals.
    impact = _impact(4.2, 4.24, (0.0096, 0.003, 0.016), Verdict.IMPROVED)
    assert sentence(impact, title="CES", unit=Unit.SCORE) == (
        "CES rose from 4.20 to 4.24 (+1.0%, 95% CI +0.3% to +1.6%): an improvement."
    )
    unchanged = _impact(0.8, 0.8, (0.0, -0.02, 0.02), Verdict.NO_CLEAR_CHANGE)
    assert sentence(unchanged, title="CSAT", unit=Unit.RATIO).startswith(
        "CSAT stayed at 80% (0%, 95% CI −2% to +2%)"
    )
