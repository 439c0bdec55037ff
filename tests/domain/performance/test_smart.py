"""SMART validation: good goals pass, and the units' named mistakes fail on the right criterion."""

from dataclasses import replace
from datetime import date

import pytest

from switchboard.domain.kpi import Unit
from switchboard.domain.performance.behaviour import vague_behaviour
from switchboard.domain.performance.goals import Baseline, BehaviourGoal, KpiGoal, Links
from switchboard.domain.performance.smart import (
    Criterion,
    Finding,
    GoalContext,
    SmartCheck,
    Status,
    percentile,
    registered_units,
    validate,
)

TODAY = date(2025, 3, 3)
FEBRUARY = Baseline(412.0, date(2025, 2, 1), date(2025, 2, 28), sample=640)
MONTHLY = (date(2025, 4, 3), date(2025, 5, 3), date(2025, 6, 3))

# Eleven agents' AHT last month, sorted. The inclusive 5th percentile sits at position
# (11 − 1) × 0.05 = 0.5: half way from 346 to 356, so 351 s.
TEAM_AHT = (346.0, 356.0, 372.0, 390.0, 400.0, 405.0, 412.0, 420.0, 431.0, 440.0, 455.0)
# Each agent's change in AHT over a past three months (negative is quicker). As improvements
# (sign flipped, lower is better) sorted: −15 −10 −8 −5 0 5 10 20 35 40 50; the inclusive 90th
# percentile sits at position 10 × 0.9 = 9, so 40 s.
TEAM_AHT_CHANGES = (-50.0, -40.0, -35.0, -20.0, -10.0, -5.0, 0.0, 5.0, 8.0, 10.0, 15.0)

AHT_GOAL = KpiGoal("aht", "Ana Silva", FEBRUARY, 380.0, date(2025, 6, 3), MONTHLY)
FCR_GOAL = KpiGoal(
    "fcr", "Ana Silva", Baseline(0.70, date(2025, 2, 1), date(2025, 2, 28)), 0.75,
    date(2025, 6, 3), MONTHLY,
)  # fmt: skip
SUMMARISE = BehaviourGoal(
    "Summarise the agreed next steps back to the customer before closing every complaint call",
    evidence="QA question 7 on 10 sampled calls a month",
    deadline=date(2025, 6, 3),
    review_dates=MONTHLY,
    links=Links(development_area="fcr"),
)
CONTEXT = GoalContext(
    today=TODAY,
    team_values=TEAM_AHT,
    team_changes=TEAM_AHT_CHANGES,
    development_areas=frozenset({"aht", "fcr"}),
    team_goals={7: "Blue team AHT 390 s by June"},
    plan=(AHT_GOAL, FCR_GOAL),
)


def _reasons(finding: Finding) -> str:
    return " ".join(finding.reasons)


def _statuses(check: SmartCheck) -> dict[Criterion, Status]:
    return {finding.criterion: finding.status for finding in check.findings}


# Good goals --------------------------------------------------------------------------------------


def test_it_passes_a_well_made_aht_goal_on_every_criterion() -> None:
    check = validate(AHT_GOAL, CONTEXT)
    assert set(_statuses(check).values()) == {Status.PASS}
    assert check.acceptable
    assert _reasons(check.measurable) == "From 412 s to 380 s."
    assert _reasons(check.achievable) == (
        "The target 380 s is within what 95% of the team achieves (the team's best 5% are at "
        "351 s or less). The improvement needed, 32 s, is within the team's record (the top "
        "tenth improved by 40 s or more)."
    )
    assert _reasons(check.balance) == "Paired with an effectiveness goal."


def test_it_passes_an_observable_behaviour_with_an_evidence_method() -> None:
    check = validate(SUMMARISE, replace(CONTEXT, team_values=(), team_changes=()))
    assert set(_statuses(check).values()) == {Status.PASS}
    assert _reasons(check.measurable) == "Evidenced by QA question 7 on 10 sampled calls a month."
    assert _reasons(check.relevant) == "Works on a self-audit development area: FCR."


# Specific ----------------------------------------------------------------------------------------


def test_it_rejects_be_better_at_handling_complaints_as_vague_and_unevidenced() -> None:
    vague = BehaviourGoal("be better at handling complaints", "", date(2025, 6, 3), MONTHLY)
    check = validate(vague, CONTEXT)
    assert check.specific.status is Status.FAIL
    assert _reasons(check.specific).startswith(
        '"be better at handling complaints" is an intention, not a behaviour: name something a '
        "colleague could see or hear you do"
    )
    assert check.measurable.status is Status.FAIL
    assert "No evidence method" in _reasons(check.measurable)
    assert not check.acceptable


@pytest.mark.parametrize(
    "text",
    [
        "Improve my product knowledge",
        "Try to stay calm with angry callers",
        "Understand the refund policy",
        "Know the complaints process",
        "Be more empathetic",
        "I will be more confident on calls",
        "Feel more confident on calls",
        "Work on my call control",
        "I'll improve my complaint handling by trying harder",
        "   ",
    ],
)
def test_it_rejects_intentions_with_no_observable_action(text: str) -> None:
    assert vague_behaviour(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Use the customer's name at least twice on every call",
        "Offer a callback whenever a hold would pass 60 s",
        "Improve my complaint calls by summarising the next steps back to the customer",
        "I will read back the card number before taking a payment",
    ],
)
def test_it_accepts_behaviours_someone_could_see_or_hear(text: str) -> None:
    assert vague_behaviour(text) is None


def test_it_sends_a_result_dressed_as_a_behaviour_to_a_kpi_goal() -> None:
    assert vague_behaviour("Reduce my AHT") == (
        '"Reduce my AHT" is a result, not a behaviour: set a KPI goal, or say what you will do.'
    )


def test_it_rejects_a_kpi_goal_on_an_unknown_kpi_or_for_nobody() -> None:
    check = validate(replace(AHT_GOAL, kpi="speed", scope=" "), CONTEXT)
    assert check.specific.reasons == (
        '"speed" is not a KPI Switchboard measures.',
        "Whose KPI is it? Name the agent, team or queue.",
    )
    assert check.measurable.status is Status.FAIL
    assert check.achievable.status is Status.WARN


def test_it_accepts_kpis_the_context_knows_beyond_the_registry() -> None:
    # A mystery-shopping score: a centre's own KPI that the registry does not hold.
    qa = KpiGoal("mystery_shop_score", "Ana Silva", replace(FEBRUARY, value=78.0, sample=None),
                 85.0, date(2025, 6, 3), MONTHLY, Links(team_goal=7))  # fmt: skip
    assert validate(qa, CONTEXT).specific.status is Status.FAIL
    units = registered_units() | {"mystery_shop_score": Unit.SCORE}
    check = validate(qa, replace(CONTEXT, kpi_units=units))
    assert check.specific.status is Status.PASS
    assert check.measurable.status is Status.PASS


# Measurable --------------------------------------------------------------------------------------


def test_it_rejects_an_aht_target_above_the_baseline() -> None:
    check = validate(replace(AHT_GOAL, target=450.0), CONTEXT)
    assert check.measurable.status is Status.FAIL
    assert check.measurable.reasons == (
        "The target of 450 s is above the baseline of 412 s: for AHT lower is better.",
    )
    assert _reasons(check.achievable) == "Not judged: the target is not measurable."


def test_it_rejects_an_fcr_target_below_the_baseline() -> None:
    check = validate(replace(FCR_GOAL, target=0.65), CONTEXT)
    assert check.measurable.reasons == (
        "The target of 65% is below the baseline of 70%: for FCR higher is better.",
    )


def test_it_rejects_a_ratio_target_written_as_a_percentage() -> None:
    check = validate(replace(FCR_GOAL, target=85.0), CONTEXT)
    assert check.measurable.reasons == ("FCR is a ratio between 0 and 1: write 85% as 0.85.",)


def test_it_rejects_an_aht_target_written_in_minutes() -> None:
    check = validate(replace(AHT_GOAL, target=6.5), CONTEXT)
    assert check.measurable.reasons == (
        "A target of 6.5 s is under a tenth of the baseline of 412 s: times are in seconds "
        "(did you mean 6.5 minutes, 390 s?).",
    )


def test_it_rejects_a_target_equal_to_the_baseline() -> None:
    check = validate(replace(AHT_GOAL, target=412.0), CONTEXT)
    assert "equals the baseline" in _reasons(check.measurable)


def test_it_rejects_a_goal_with_no_before_number() -> None:
    check = validate(replace(AHT_GOAL, baseline=replace(FEBRUARY, value=None)), CONTEXT)
    assert check.measurable.reasons == (
        "No baseline: there is no AHT data for 1 Feb 2025 to 28 Feb 2025.",
    )


def test_it_rejects_a_baseline_period_that_is_not_over() -> None:
    running = replace(FEBRUARY, start=date(2025, 2, 15), end=TODAY)
    check = validate(replace(AHT_GOAL, baseline=running), CONTEXT)
    assert check.measurable.status is Status.FAIL
    assert "must be over before the goal is agreed" in _reasons(check.measurable)


def test_it_rejects_a_target_on_a_kpi_with_no_better_direction() -> None:
    offered = KpiGoal("offered", "Billing queue", replace(FEBRUARY, value=9000.0), 9500.0,
                      date(2025, 6, 3), MONTHLY, Links(team_goal=7))  # fmt: skip
    check = validate(offered, CONTEXT)
    assert check.measurable.reasons == (
        "Offered is neither better higher nor lower, so no target on it is an improvement.",
    )


def test_it_warns_when_the_baseline_stands_on_few_survey_responses() -> None:
    csat = KpiGoal("csat", "Ana Silva", Baseline(0.75, date(2025, 2, 1), date(2025, 2, 28), 8),
                   0.8, date(2025, 6, 3), MONTHLY, Links(team_goal=7))  # fmt: skip
    check = validate(csat, CONTEXT)
    assert check.measurable.status is Status.WARN
    assert "only 8 survey responses" in _reasons(check.measurable)
    assert check.acceptable


# Achievable --------------------------------------------------------------------------------------


def test_it_warns_when_the_target_beats_what_95_percent_of_the_team_achieve() -> None:
    # Sorted: 246 256 300 … 380; the 5th percentile is half way from 246 to 256, 251 s.
    team = (300.0, 246.0, 256.0, 310.0, 320.0, 330.0, 340.0, 350.0, 360.0, 370.0, 380.0)
    check = validate(replace(AHT_GOAL, target=240.0), replace(CONTEXT, team_values=team))
    assert check.achievable.status is Status.WARN
    assert check.achievable.reasons[0] == (
        "The target 240 s beats what 95% of the team achieves (the team's best 5% are at "
        "251 s or less)."
    )
    assert check.acceptable  # a judgement to talk about, not a rule


def test_it_judges_the_best_5_percent_upwards_for_higher_is_better() -> None:
    # Sorted FCR of eleven agents; the 95th percentile sits at position 10 × 0.95 = 9.5, half
    # way from 0.80 to 0.84: 0.82.
    team = (0.60, 0.65, 0.68, 0.70, 0.72, 0.74, 0.75, 0.76, 0.78, 0.80, 0.84)
    changes = (0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10, 0.12, 0.15, 0.2)
    context = replace(CONTEXT, team_values=team, team_changes=changes)
    assert percentile(team, 95) == pytest.approx(0.82)
    check = validate(replace(FCR_GOAL, target=0.85), context)
    assert check.achievable.reasons == (
        "The target 85% beats what 95% of the team achieves (the team's best 5% are at "
        "82% or more).",
    )
    # No second warning: the improvements sorted are 0.01 … 0.15 0.2, whose 90th percentile sits
    # at position 9, 0.15, and the goal needs just that (0.85 − 0.70 is 0.15000000000000002).


def test_it_warns_when_the_improvement_needed_outruns_the_teams_record() -> None:
    # 412 → 360 needs 52 s; the team's 90th-percentile improvement is 40 s (see TEAM_AHT_CHANGES).
    check = validate(replace(AHT_GOAL, target=360.0), CONTEXT)
    assert check.achievable.reasons == (
        "The improvement needed, 52 s, is more than nine in ten of the team made over a "
        "comparable period (the top tenth improved by 40 s or more).",
    )


def test_it_says_when_the_team_showed_no_improvement_at_all() -> None:
    context = replace(CONTEXT, team_changes=(0.0, 2.0, 3.0, 5.0, 8.0))
    assert "the team showed no improvement" in _reasons(validate(AHT_GOAL, context).achievable)


def test_it_warns_that_achievability_was_not_judged_with_too_few_agents() -> None:
    check = validate(AHT_GOAL, replace(CONTEXT, team_values=(390.0, 400.0, 410.0)))
    assert check.achievable.status is Status.WARN
    assert check.achievable.reasons == ("Not judged against the team: 3 agents' values, 5 needed.",)


# Relevant ----------------------------------------------------------------------------------------


def test_it_rejects_a_goal_linked_to_nothing() -> None:
    check = validate(AHT_GOAL, replace(CONTEXT, development_areas=frozenset({"csat", "fcr"})))
    assert check.relevant.status is Status.FAIL
    assert check.relevant.reasons == (
        "Not linked to a self-audit development area (CSAT, FCR) or a team goal.",
    )


def test_it_accepts_a_link_to_a_current_team_goal_and_rejects_a_stale_one() -> None:
    context = replace(CONTEXT, development_areas=frozenset())
    linked = validate(replace(AHT_GOAL, links=Links(team_goal=7)), context)
    assert linked.relevant.reasons == ('Serves the team goal "Blue team AHT 390 s by June".',)
    stale = validate(replace(AHT_GOAL, links=Links(team_goal=1)), context)
    assert stale.relevant.status is Status.FAIL
    assert stale.relevant.reasons[0] == "Team goal 1 is not one of the team's current goals."


# Balance -----------------------------------------------------------------------------------------


def test_it_warns_on_an_efficiency_only_plan() -> None:
    check = validate(AHT_GOAL, replace(CONTEXT, plan=(AHT_GOAL,)))
    assert check.balance.status is Status.WARN
    assert check.balance.reasons == (
        "Cutting AHT alone can cost resolution: pair it with an FCR, CSAT or QA goal.",
    )
    assert check.acceptable


def test_it_counts_a_behaviour_serving_fcr_as_the_effectiveness_pair() -> None:
    check = validate(AHT_GOAL, replace(CONTEXT, plan=(AHT_GOAL, SUMMARISE)))
    assert check.balance.status is Status.PASS


def test_it_warns_on_raising_occupancy_alone() -> None:
    occupancy = KpiGoal("occupancy", "Ana Silva", replace(FEBRUARY, value=0.8), 0.85,
                        date(2025, 6, 3), MONTHLY)  # fmt: skip
    check = validate(occupancy, replace(CONTEXT, plan=()))
    assert check.balance.reasons[0].startswith("Raising Occupancy alone can cost resolution")


# Time-bound --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "reviews", "reason"),
    [
        (
            None,
            MONTHLY[:1],
            "No deadline: agree a date, within 12 months, by which the goal is met.",
        ),
        (
            date(2026, 9, 3),
            MONTHLY,
            "The deadline 3 Sep 2026 is more than 12 months away: set a nearer one.",
        ),
        (
            date(2026, 3, 4),
            MONTHLY,
            "The deadline 4 Mar 2026 is more than 12 months away: set a nearer one.",
        ),
        (TODAY, (), "The deadline 3 Mar 2025 must be after today (3 Mar 2025)."),
        (date(2025, 6, 3), (), "No review date: agree at least one check-in before the deadline."),
        (
            date(2025, 6, 3),
            (date(2025, 3, 1), date(2025, 4, 1)),
            "The review date 1 Mar 2025 is already past.",
        ),
        (date(2025, 4, 30), MONTHLY, "The review date 3 May 2025 is after the deadline."),
    ],
    ids=[
        "no deadline",
        "18 months",
        "a day past 12 months",
        "today",
        "no review",
        "review past",
        "review late",
    ],
)
def test_it_rejects_goals_with_no_timeline_a_far_deadline_or_stray_reviews(
    deadline: date | None, reviews: tuple[date, ...], reason: str
) -> None:
    check = validate(replace(AHT_GOAL, deadline=deadline, review_dates=reviews), CONTEXT)
    assert check.time_bound.status is Status.FAIL
    assert reason in check.time_bound.reasons


def test_it_accepts_a_deadline_exactly_twelve_months_ahead() -> None:
    check = validate(replace(AHT_GOAL, deadline=date(2026, 3, 3)), CONTEXT)
    assert check.time_bound.reasons == (
        "Due 3 Mar 2026, reviewed 3 Apr 2025, 3 May 2025, 3 Jun 2025.",
    )
