"""Quality assurance benchmark (issue 7, "Performance").

    .venv/bin/python benchmarks/quality.py [--evaluations 100000] [--baseline 10000] [--runs 5]

1. **Scoring 100,000 evaluations** of a realistic 20-question scorecard (four weighted sections;
   yes/no, scale and choice questions; a fail-all and a fail-section critical item; four
   compliance items; a bonus; N/A where allowed), answers drawn at random (seeded). The job
   starts where evaluations arrive, as answer mappings ({"greeting": "yes", "listening": 4,
   ...}), and ends with their scores. Measured: the whole of it, the answers checked and
   encoded (``CompiledCard.encode_all``) and then scored (``score_batch``), median of
   ``--runs``, with the split between the two. The baseline is the per-evaluation loop over
   ``domain.quality.scoring.score``, from the same mappings; it is timed on the first
   ``--baseline`` evaluations and scaled to all of them. The encoding must give back the
   generated codes, and the two scorers agree on every evaluation of that subset (overall,
   auto-fail, compliance score and pass).
2. **QA trend report over 100,000 stored evaluations** on SQLite: a temporary store built by the
   migrations, holding 200 agents in 14 teams, one contact per evaluation over 52 weeks of 2025.
   Measured: ``qareports.service.trend`` per agent per week and per team per week (grouped in
   SQL), median of ``--runs``. The baseline is the naive way: load every counted evaluation
   into Python and group by local week there. Both must give the same figures.

Timings are printed, never asserted: the machines are shared and noisy.
"""

import argparse
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from switchboard.db.engine import make_engine, unit_of_work
from switchboard.db.migrate import upgrade
from switchboard.domain.quality.batch import BatchScores, CompiledCard, compile_card, score_batch
from switchboard.domain.quality.lifecycle import SCORED, EvaluationKind, Status, VersionStatus
from switchboard.domain.quality.scorecard import AnswerType, Scorecard, from_dict
from switchboard.domain.quality.scoring import AnswerValue, score
from switchboard.evaluations.models import Evaluation
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.interactions.models import Direction, Interaction, Outcome
from switchboard.kit.clock import zone
from switchboard.kit.intervals import Interval, local_day, period_of_day, show
from switchboard.people.models import Agent, Channel, Queue, Role, Site, Team, User
from switchboard.qareports import service
from switchboard.qareports.schemas import TrendBy, TrendInterval
from switchboard.scorecards.models import Scorecard as ScorecardRow
from switchboard.scorecards.models import ScorecardVersion

TIMEZONE = "Europe/London"
SCORING_TARGET, TREND_TARGET = 2.0, 1.0
AGENTS, TEAM_SIZE = 200, 15
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)


def _q(key: str, **more: Any) -> dict[str, Any]:
    return {"key": key, "text": key.replace("_", " ").capitalize() + "?", **more}


_SCALE = {"answer_type": "scale", "scale_min": 1, "scale_max": 5}
CARD: dict[str, Any] = {
    "name": "Customer service (benchmark)",
    "pass_mark": 80,
    "sections": [
        {"key": "opening", "title": "Opening", "weight": 1, "questions": [
            _q("greeting"), _q("idv", compliance=True, critical="fail_all", allow_na=False),
            _q("data_protection", compliance=True), _q("recording_notice", compliance=True)]},
        {"key": "discovery", "title": "Discovery", "weight": 2, "questions": [
            _q("listening", **_SCALE), _q("questioning", **_SCALE), _q("needs_confirmed"),
            _q("empathy", answer_type="choice", choices=[
                {"label": "Excellent", "points": 2}, {"label": "Good", "points": 1},
                {"label": "Poor", "points": 0, "fails": True}])]},
        {"key": "resolution", "title": "Resolution", "weight": 3, "questions": [
            _q("accurate_information", critical="fail_section", allow_na=False),
            _q("correct_process"), _q("pci_safe", compliance=True, critical="fail_all"),
            _q("complaint_logged", compliance=True), _q("first_time_fix"),
            _q("expectations_set", answer_type="scale", scale_min=1, scale_max=3)]},
        {"key": "close", "title": "Close", "weight": 1, "questions": [
            _q("summary"), _q("further_help"), _q("brand_close"),
            _q("extra_mile", bonus=True), _q("tone", answer_type="choice", choices=[
                {"label": "Warm", "points": 3}, {"label": "Neutral", "points": 2},
                {"label": "Cold", "points": 0}]), _q("notes_complete")]},
    ],
}  # fmt: skip
NA_SHARE = {"recording_notice": 0.3, "pci_safe": 0.8, "complaint_logged": 0.85, "extra_mile": 0.5}
"""How often each question is N/A (card payments and complaints are a minority of contacts);
every other question that allows N/A is N/A 3% of the time."""


# --- 1. scoring -------------------------------------------------------------------------------


def answer_codes(card: Scorecard, n: int, seed: int = 7) -> np.ndarray:
    """``n`` evaluations × questions of answer codes (see ``domain.quality.batch``), NaN = N/A:
    mostly good answers, as real evaluations are, so failures and auto-fails are a few percent."""
    rng = np.random.default_rng(seed)
    columns = []
    for q in card.questions():
        if q.answer_type is AnswerType.SCALE:
            values = rng.integers(q.scale_min, q.scale_max + 1, n).astype(float)
        elif q.answer_type is AnswerType.CHOICE:
            values = rng.choice(len(q.choices), n, p=_choice_odds(len(q.choices))).astype(float)
        else:
            values = (rng.random(n) < 0.93).astype(float)
        if q.allow_na:
            values[rng.random(n) < NA_SHARE.get(q.key, 0.03)] = np.nan
        columns.append(values)
    return np.column_stack(columns)


def _choice_odds(count: int) -> list[float]:
    odds = [0.5, 0.35, 0.15][:count]
    return [p / sum(odds) for p in odds]


def decode(card: Scorecard, row: np.ndarray) -> dict[str, AnswerValue]:
    """One row of codes back into the answers an evaluator gives."""
    answers: dict[str, AnswerValue] = {}
    for q, code in zip(card.questions(), row, strict=True):
        if np.isnan(code):
            answers[q.key] = None
        elif q.answer_type is AnswerType.YES_NO:
            answers[q.key] = "yes" if code == 1.0 else "no"
        elif q.answer_type is AnswerType.SCALE:
            answers[q.key] = int(code)
        else:
            answers[q.key] = q.choices[int(code)].label
    return answers


def timed(work: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median of ``runs`` timings (seconds), and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def scoring_figures(n: int, baseline_n: int, runs: int) -> tuple[list[str], list[str]]:
    card = from_dict(CARD)
    codes = answer_codes(card, n)
    answer_sets = [decode(card, row) for row in codes]
    compiled = compile_card(card)
    (encode_s, score_s), (encoded, scores) = timed_job(compiled, answer_sets, runs)
    total_s = encode_s + score_s
    subset = answer_sets[:baseline_n]
    loop_s, looped = timed(lambda: [score(card, answers) for answers in subset], 1)
    _check_scores(scores, looped, encoded, codes)
    loop_all = loop_s * n / baseline_n
    auto = int(scores.auto_failed.sum())
    return [
        f"| scoring {n:,} evaluations, {len(codes[0])} questions, from their answer mappings "
        f"(encode_all + score_batch) | ≤ {SCORING_TARGET:g} s | {_ms(total_s)}: encode "
        f"{_ms(encode_s)} + score {_ms(score_s)} (median of {runs}) | per-evaluation `score` "
        f"loop, timed on the first {baseline_n:,} and scaled: {_ms(loop_s)} for {baseline_n:,}, "
        f"so about {loop_all:.1f} s for {n:,} ({loop_all / total_s:.0f}× slower) "
        f"| {_verdict(total_s, SCORING_TARGET)} |",
    ], [
        f"Scoring: {auto:,} auto-failed ({100 * auto / n:.1f}%); mean score "
        f"{np.nanmean(scores.overall):.1f}; encode_all gave back all {n:,} generated code rows "
        f"and the {baseline_n:,} looped scores agree exactly. The split is that of the median "
        "run (by total).",
    ]


def timed_job(
    compiled: CompiledCard, answer_sets: list[dict[str, AnswerValue]], runs: int
) -> tuple[tuple[float, float], tuple[np.ndarray, BatchScores]]:
    """(encode, score) seconds of the run whose total is the median of ``runs``, and the
    last run's codes and scores."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        encoded = compiled.encode_all(answer_sets)
        encoded_at = time.perf_counter()
        scores = score_batch(compiled, encoded)
        times.append((encoded_at - started, time.perf_counter() - encoded_at))
        result = encoded, scores
    assert result is not None
    return sorted(times, key=sum)[len(times) // 2], result


def _check_scores(scores: Any, looped: list[Any], encoded: np.ndarray, codes: np.ndarray) -> None:
    if not np.array_equal(encoded, codes, equal_nan=True):
        raise SystemExit("encode_all does not give back the generated codes")
    for i, one in enumerate(looped):
        batch = (scores.overall[i], scores.auto_failed[i], scores.compliance[i],
                 scores.compliance_passed[i])  # fmt: skip
        loop = (one.overall, one.auto_failed, one.compliance, one.compliance_passed)
        if [_none(v) for v in batch[:1] + batch[2:]] != [loop[0], loop[2], _float(loop[3])] or (
            bool(batch[1]) != loop[1]
        ):
            raise SystemExit(f"evaluation {i}: score_batch {batch} but score {loop}")


def _none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _float(value: bool | None) -> float | None:
    return None if value is None else float(value)


# --- 2. the trend report ----------------------------------------------------------------------


def build_store(path: Path, n: int, seed: int = 11) -> Engine:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        people, version_id, evaluator_ids, batch_id, queue_ids = _people(session)
    rng = random.Random(seed)
    interactions, evaluations = [], []
    for i in range(n):
        at = YEAR_START + timedelta(seconds=rng.randrange(364 * 86_400))
        agent_id = people[rng.randrange(len(people))]
        interactions.append({
            "id": i + 1, "source_system": "bench", "source_id": f"q{i}", "batch_id": batch_id,
            "contact_ref": f"q{i}", "channel": Channel.VOICE, "direction": Direction.INBOUND,
            "queue_id": queue_ids[i % len(queue_ids)], "agent_id": agent_id, "arrived_at": at,
            "outcome": Outcome.ANSWERED,
        })  # fmt: skip
        evaluations.append(_evaluation(rng, i + 1, at, agent_id, version_id, evaluator_ids))
    with engine.begin() as connection:
        connection.execute(insert(Interaction), interactions)
        connection.execute(insert(Evaluation), evaluations)
    return engine


def _people(session: Session) -> tuple[list[int], int, list[int], int, list[int]]:
    site = Site(name="Bench")
    queues = [Queue(name=f"Queue {n}", channel=Channel.VOICE, service_level_seconds=20)
              for n in range(4)]  # fmt: skip
    evaluators = [User(username=f"qa{n}", display_name=f"QA {n}", role=Role.QUALITY_ANALYST)
                  for n in range(6)]  # fmt: skip
    card = ScorecardRow(name=CARD["name"])
    batch = IngestBatch(source="bench", file_name="generated", file_digest="-", file_bytes=0,
                        status=BatchStatus.COMPLETED, summary={})  # fmt: skip
    session.add_all([site, *queues, *evaluators, card, batch])
    session.flush()
    teams = [
        Team(name=f"Team {n + 1:02d}", site_id=site.id) for n in range(-(-AGENTS // TEAM_SIZE))
    ]
    session.add_all(teams)
    version = ScorecardVersion(scorecard_id=card.id, version=1, status=VersionStatus.PUBLISHED,
                               definition=CARD)  # fmt: skip
    session.add(version)
    session.flush()
    agents = [Agent(display_name=f"Agent {n + 1:03d}", team_id=teams[n // TEAM_SIZE].id)
              for n in range(AGENTS)]  # fmt: skip
    session.add_all(agents)
    session.flush()
    return ([a.id for a in agents], version.id, [u.id for u in evaluators], batch.id,
            [q.id for q in queues])  # fmt: skip


def _evaluation(rng: random.Random, n: int, at: datetime, agent_id: int, version_id: int,
                evaluators: list[int]) -> dict[str, Any]:  # fmt: skip
    """Mostly submitted or acknowledged; 3% calibration and 3% drafts, which never count."""
    auto_failed = rng.random() < 0.04
    kind = EvaluationKind.CALIBRATION if rng.random() < 0.03 else EvaluationKind.REGULAR
    status = Status.DRAFT if rng.random() < 0.03 else rng.choice(
        [Status.SUBMITTED, Status.ACKNOWLEDGED, Status.ACKNOWLEDGED, Status.RESOLVED])  # fmt: skip
    passed = None if rng.random() < 0.2 else rng.random() < 0.9
    return {
        "id": n, "version_id": version_id, "interaction_id": n, "contact_at": at,
        "agent_id": agent_id, "evaluator_user_id": rng.choice(evaluators), "kind": kind,
        "status": status, "score": 0.0 if auto_failed else round(rng.uniform(55, 100), 1),
        "compliance_score": None if passed is None else (100.0 if passed else 50.0),
        "compliance_passed": passed, "auto_failed": auto_failed, "summary": "",
        "created_at": at + timedelta(hours=24),
        "submitted_at": None if status is Status.DRAFT else at + timedelta(hours=30),
    }  # fmt: skip


def trend_with_sql(engine: Engine, by: TrendBy) -> dict[tuple[Any, ...], tuple[int, float]]:
    with unit_of_work(engine) as session:
        found = service.trend(session=session, viewer=None, start=None, end=None,
                              interval=TrendInterval.WEEK, by=by, timezone=TIMEZONE)  # fmt: skip
    return {(r.period_start, r.agent_id or r.team_id): (r.scored, round(r.mean_score or 0, 6))
            for r in found.rows}  # fmt: skip


def trend_naively(engine: Engine, by: TrendBy) -> dict[tuple[Any, ...], tuple[int, float]]:
    """Every counted evaluation loaded as an object, grouped by local week in Python."""
    tz = zone(TIMEZONE)
    groups: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    with unit_of_work(engine) as session:
        query = select(Evaluation, Agent.team_id).join(Agent, Agent.id == Evaluation.agent_id)
        query = query.where(Evaluation.status.in_(sorted(SCORED)),
                            Evaluation.kind == EvaluationKind.REGULAR)  # fmt: skip
        for evaluation, team_id in session.execute(query):
            week = period_of_day(local_day(evaluation.contact_at, tz), Interval.WEEK, tz)
            key = (show(week, tz), evaluation.agent_id if by is TrendBy.AGENT else team_id)
            if evaluation.score is not None:
                groups[key].append(evaluation.score)
    return {key: (len(s), round(sum(s) / len(s), 6)) for key, s in groups.items()}


def trend_figures(n: int, runs: int) -> tuple[list[str], list[str]]:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        engine = build_store(Path(folder) / "quality.db", n)
        built = time.perf_counter() - started
        try:
            for by in (TrendBy.AGENT, TrendBy.TEAM):
                fast_s, fast = timed(lambda by=by: trend_with_sql(engine, by), runs)  # type: ignore[misc]
                slow_s, slow = timed(lambda by=by: trend_naively(engine, by), runs)  # type: ignore[misc]
                if fast != slow:
                    raise SystemExit(f"the trend by {by.value} differs from the naive grouping")
                lines.append(
                    f"| QA trend per {by.value} per week, {n:,} stored evaluations, SQLite | "
                    f"≤ {TREND_TARGET:g} s | {_ms(fast_s)} (median of {runs}; {len(fast):,} rows) "
                    f"| naive, every row into Python: {_ms(slow_s)} ({slow_s / fast_s:.1f}× "
                    f"slower) | {_verdict(fast_s, TREND_TARGET)} |"
                )  # fmt: skip
        finally:
            engine.dispose()
    note = (f"Trend: the store (migrated, {n:,} contacts and evaluations) took {built:.1f} s "
            "to build; the naive groupings agree with the SQL ones.")  # fmt: skip
    return lines, [note]


# --- output -----------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _verdict(seconds: float, target: float) -> str:
    return "met" if seconds <= target else "NOT MET"


def machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = next(line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                   if line.startswith("Model name"))  # fmt: skip
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    return (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores {cpu}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, NumPy "
        f"{np.__version__}; load average {_load()} at the start"
    )


def _load() -> str:
    return " / ".join(f"{load:.2f}" for load in os.getloadavg()) + " (1 / 5 / 15 min)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=10_000,
                        help="evaluations the scoring baseline loops over (scaled to all)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the median is shown")
    args = parser.parse_args()
    print(machine())
    scoring, scoring_notes = scoring_figures(args.evaluations, args.baseline, args.runs)
    trend, trend_notes = trend_figures(args.evaluations, args.runs)
    print("\n| measure | target | measured | baseline, same run | |\n|---|---|---:|---:|---|")
    print("\n".join([*scoring, *trend]))
    print("\n" + "\n".join([*scoring_notes, *trend_notes, f"Load average at the end: {_load()}."]))


if __name__ == "__main__":
    main()
