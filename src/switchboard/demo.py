"""``switchboard demo``: the main job on the embedded store, with a realistic sample centre.

It writes the sample centre's exports in their real formats (an Asterisk queue_log for one
working day, Amazon Connect CTRs, and survey responses in Switchboard's CSV), ingests them with
the same adapters a real centre uses, and prints what the store now holds.
"""

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from switchboard.cli_support import current_settings, fail_on_errors
from switchboard.config import Settings
from switchboard.db.engine import display_url, make_engine, unit_of_work
from switchboard.db.migrate import upgrade
from switchboard.ingest.connect_ctr import ConnectCtrAdapter
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.ingest.service import Adapter, IngestOptions, IngestSummary, ingest
from switchboard.ingest.synthetic import write_queue_log
from switchboard.ingest.tabular import TabularAdapter
from switchboard.interactions import repository as interaction_repository
from switchboard.kit.clock import zone
from switchboard.kpis import output
from switchboard.kpis import targets as target_service
from switchboard.kpis.cli import kpi_settings
from switchboard.kpis.html import render_html
from switchboard.kpis.service import ReportRequest, build_report

SAMPLES = Path(__file__).parent / "samples"
DEMO_DAY = "2026-11-23T08:00:00"  # a Monday; the sample day opens at 08:00 centre time
QUEUE_LOG_LINES = 30_000
DEMO_KPIS = (
    "offered", "answered", "abandoned", "service_level", "asa", "aht", "abandonment_rate",
    "fcr", "transfer_rate", "csat", "nps",
)  # fmt: skip


def demo(
    ctx: typer.Context,
    data_dir: Path = typer.Option(
        Path("demo-data"), "--data-dir", help="Where the sample exports are written."
    ),
) -> None:
    """Load a realistic sample centre into the store and show what it holds.

    Writes one working day of a 45-agent centre as real exports (an Asterisk queue_log, Amazon
    Connect CTRs and survey responses), ingests them, and summarises the store. Running it again
    adds nothing: every record is already there.
    """
    settings = current_settings(ctx)
    console = Console()
    with fail_on_errors():
        upgrade(settings.database_url)
        console.print(f"store: {display_url(settings.database_url)}")
        queue_log = write_sample_queue_log(data_dir, settings.timezone)
        engine = make_engine(settings.database_url)
        try:
            options = IngestOptions(
                pseudonym_secret=settings.pseudonym_secret, timezone=settings.timezone
            )
            loads = [
                (queue_log, _load(engine, QueueLogAdapter(timezone=settings.timezone), queue_log, options)),
                (SAMPLES / "connect-ctr.jsonl", _load(engine, ConnectCtrAdapter(), SAMPLES / "connect-ctr.jsonl", options)),
            ]  # fmt: skip
            surveys = write_sample_surveys(engine, data_dir)
            adapter = TabularAdapter(kind="surveys", timezone=settings.timezone)
            loads.append((surveys, _load(engine, adapter, surveys, options)))
            _print_loads(console, loads)
            _print_store(console, engine)
            _print_kpis(console, engine, settings)
            _write_html_report(console, engine, settings, data_dir)
        finally:
            engine.dispose()


DEMO_TARGETS = {  # kpi: (green, amber), the centre's defaults a new manager might start from
    "service_level": (0.8, 0.7),
    "asa": (20.0, 30.0),
    "abandonment_rate": (0.05, 0.08),
    "aht": (300.0, 360.0),
    "fcr": (0.75, 0.7),
    "csat": (0.85, 0.75),
}


def write_sample_queue_log(folder: Path, timezone: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "asterisk-queue_log"
    opening = datetime.fromisoformat(DEMO_DAY).replace(tzinfo=zone(timezone)).timestamp()
    write_queue_log(path, QUEUE_LOG_LINES, agents=45, start=opening, call_gap_seconds=4.0)
    return path


def write_sample_surveys(engine: Engine, folder: Path) -> Path:
    """Post-call surveys for about one answered call in five, as a survey tool would export."""
    rng = random.Random(11)
    with unit_of_work(engine) as session:
        answered = interaction_repository.answered_endings(session)
    path = folder / "surveys.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "source_id",
                "interaction_source_system",
                "interaction_source_id",
                "kind",
                "score",
                "responded_at",
            ]
        )
        for system, source_id, ended in answered:
            if rng.random() < 0.2 and ended is not None:
                kind, score = ("csat", rng.choices(range(1, 6), (4, 6, 12, 38, 40))[0]) if rng.random() < 0.6 else (
                    "nps", rng.choices(range(11), (2, 1, 1, 2, 2, 4, 6, 12, 20, 25, 25))[0])  # fmt: skip
                writer.writerow(
                    [f"survey-{source_id}", system, source_id, kind, score, ended.isoformat()]
                )
    return path


def _load(engine: Engine, adapter: Adapter, path: Path, options: IngestOptions) -> IngestSummary:
    with unit_of_work(engine) as session:
        return ingest(session=session, adapter=adapter, paths=[path], options=options)


def _print_loads(console: Console, loads: list[tuple[Path, IngestSummary]]) -> None:
    console.print("[bold]What the demo loaded[/]")
    for path, summary in loads:
        c = summary.as_dict()
        made = [
            f"{c[key]:,} {label}"
            for key, label in (
                ("interactions_created", "interactions"),
                ("agent_states_created", "agent states"),
                ("surveys_created", "surveys"),
            )
            if c[key]
        ]
        extra = [
            f"{c[key]:,} {key.replace('_', ' ')}"
            for key in ("duplicates_skipped", "unclosed")
            if c[key]
        ]
        skipped = [f"{n} {why.replace('_', ' ')}" for why, n in c["skipped"].items()]
        details = ", ".join(made + extra + skipped) or "nothing new"
        console.print(f"  {path.name}: {c['lines_read']:,} lines -> {details}", highlight=False)


def _print_store(console: Console, engine: Engine) -> None:
    with unit_of_work(engine) as session:
        rows = interaction_repository.outcomes_by_queue(session)
        totals = interaction_repository.store_totals(session)
    table = Table(title="The store now holds", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("queue")
    table.add_column("outcome")
    table.add_column("interactions", justify="right")
    for queue, outcome, count in rows:
        table.add_row(queue or "(no queue)", str(outcome), f"{count:,}")
    console.print(table)
    console.print(
        f"{totals['agents']} agents, {totals['agent_states']:,} agent state intervals, "
        f"{totals['surveys']:,} survey responses ({totals['surveys_linked']:,} linked to their call)"
    )


def _print_kpis(console: Console, engine: Engine, settings: Settings) -> None:
    """The demo's last word: the KPI report a manager would open, by queue, against targets."""
    variant = kpi_settings(settings)
    with unit_of_work(engine) as session:
        if not target_service.list_targets(session=session):
            for kpi, (green, amber) in DEMO_TARGETS.items():
                target_service.set_target(session=session, kpi=kpi, green=green, amber=amber)
    day = _demo_day(settings)
    with unit_of_work(engine) as session:
        request = ReportRequest(by=("queue",), kpis=DEMO_KPIS, timezone=settings.timezone,
                                start=day[0], end=day[1])  # fmt: skip
        report = build_report(session=session, request=request, settings=variant)
    wide = Console(width=max(console.width, 120))  # the demo's table has seven columns of figures
    wide.print(output.table(report, "KPIs by queue on the sample day, against the demo's targets"))
    console.print(
        "More: [bold]switchboard report kpis --by interval --interval 60m[/], "
        "[bold]switchboard report agent AGENT[/], [bold]--format html -o report.html[/]"
    )


def _write_html_report(console: Console, engine: Engine, settings: Settings, folder: Path) -> None:
    """The same figures as a page with charts, as a manager would get it by e-mail."""
    path = folder / "kpi-report.html"
    day = _demo_day(settings)
    request = ReportRequest(by=("queue",), timezone=settings.timezone, start=day[0], end=day[1])
    with unit_of_work(engine) as session:
        page = render_html(session=session, request=request, settings=kpi_settings(settings))
    path.write_text(page, encoding="utf-8")
    console.print(f"The report with charts: [bold]{path}[/] (open it in a browser)")


def _demo_day(settings: Settings) -> tuple[datetime, datetime]:
    """The sample day, midnight to midnight: the Connect sample's 2024 calls stay out of it."""
    start = datetime.fromisoformat(DEMO_DAY).replace(hour=0, tzinfo=zone(settings.timezone))
    return start, start + timedelta(days=1)
