"""``switchboard demo``: the main job on the embedded store, with a realistic simulated centre.

``switchboard demo generate`` simulates a retail bank's contact centre (see
:mod:`switchboard.democentre`), writes it as Switchboard CSV and ingests it. Plain
``switchboard demo`` generates the default centre when the store has none yet, then shows what
the store holds and the KPI report of the last full week, as a table and as an HTML page.

Both also give the demo its people (see :mod:`switchboard.democentre.signins`): a site, its three
teams with their agents and leaders, and one sign-in per role, whose published passwords they
print. They do so only where missing, and never in a store holding another source's contacts.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy import Engine

from switchboard.cli_support import current_settings, err_console, fail_on_errors
from switchboard.config import Settings
from switchboard.db.engine import display_url, make_engine, unit_of_work
from switchboard.db.migrate import upgrade
from switchboard.democentre import repository as demo_repository
from switchboard.democentre.calendar import last_full_weeks_start
from switchboard.democentre.coaching import plan_coaching
from switchboard.democentre.development import seed_development
from switchboard.democentre.generate import DemoRequest, Generated, demo_staff, generate
from switchboard.democentre.loading import SOURCE_SYSTEM, Load, load_files
from switchboard.democentre.quality import seed_quality
from switchboard.democentre.signins import (
    DEMO_SIGN_INS,
    OTHER_TEAM_LEADERS,
    DemoPeople,
    NotADemoStoreError,
    set_up_people,
)
from switchboard.democentre.staff import StaffMember
from switchboard.ingest.reading import ProgressCallback
from switchboard.interactions import repository as interaction_repository
from switchboard.kit.clock import zone
from switchboard.kpis import output
from switchboard.kpis import targets as target_service
from switchboard.kpis.html import render_html
from switchboard.kpis.params import kpi_settings
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.web.cli import HOST_HELP, PORT_CHOICE, PORT_HELP, check_port, run_web_app

DEMO_KPIS = (
    "offered", "answered", "abandoned", "service_level", "asa", "aht", "abandonment_rate",
    "fcr", "transfer_rate", "csat", "nps",
)  # fmt: skip
DEMO_TARGETS = {  # kpi: (green, amber), the centre's defaults a new manager might start from
    "service_level": (0.8, 0.7),
    "asa": (20.0, 30.0),
    "abandonment_rate": (0.05, 0.08),
    "aht": (300.0, 360.0),
    "fcr": (0.75, 0.7),
    "csat": (0.85, 0.75),
}
DATA_DIR_HELP = "Where the demo's CSV files (in DIR/centre) and its HTML report are written."
SERVE_HELP = "Then serve the web app on the store, as `switchboard serve` does, until Ctrl+C."
DEMO_PORT_CHOICE = PORT_CHOICE + " (make demo PORT={port})"
SignInRow = tuple[str, str, str, str, str]
"""Role, username, password, name and what they see: one line of the sign-ins table."""

app = typer.Typer(
    help="A realistic simulated contact centre in the store, and its KPI report.",
    rich_markup_mode="markdown",
)


@app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    data_dir: Path = typer.Option(Path("demo-data"), "--data-dir", help=DATA_DIR_HELP),
    serve: bool = typer.Option(False, "--serve", help=SERVE_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help=HOST_HELP + " With --serve."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help=PORT_HELP + " With --serve."),
) -> None:  # fmt: skip
    """Load the demo centre into the store (unless it is there already) and show its KPIs.

    Generates the default centre (8 weeks, 60 agents, seed 1) when the store holds no demo data,
    then summarises the store, prints the KPI report by queue for the last full week and writes
    it with charts to DIR/kpi-report.html. With --serve it then serves the web app, printing its
    URL and the demo sign-ins last, until Ctrl+C.
    """
    ctx.meta["demo_data_dir"] = data_dir
    if ctx.invoked_subcommand is not None:
        if serve:
            raise typer.BadParameter("only plain `switchboard demo` serves", param_hint="--serve")
        return
    settings = current_settings(ctx)
    console = Console()
    with fail_on_errors():
        if serve:  # before the minute the demo may take, not after it
            check_port(host, port, port_choice=DEMO_PORT_CHOICE)
        with _store(settings, console) as engine:
            sign_ins = _show(console, engine, settings, data_dir)
        if not serve:
            _print_sign_ins(console, sign_ins)
            return
        run_web_app(settings, host=host, port=port, port_choice=DEMO_PORT_CHOICE,
                    announce=lambda url: _print_sign_ins(console, sign_ins, url))  # fmt: skip


def _show(console: Console, engine: Engine, settings: Settings, data_dir: Path) -> list[SignInRow]:
    """Load the demo centre unless present, then show it; the rows of the sign-ins table."""
    with unit_of_work(engine) as session:
        present = demo_repository.has_contacts_from(session, SOURCE_SYSTEM)
    request = DemoRequest(timezone=settings.timezone)
    if present:
        console.print("The store already holds the demo centre: showing it.")
        staff = demo_staff(request)  # the default centre's, as this command generates it
    else:
        staff = _generate_and_load(console, engine, settings, request, data_dir)
    sign_ins = _set_up_people(console, engine, settings, staff, request)
    _print_store(console, engine)
    _print_kpis(console, engine, settings)
    _write_html_report(console, engine, settings, data_dir)
    return sign_ins


@app.command("generate")
def generate_command(
    ctx: typer.Context,
    weeks: int = typer.Option(8, "--weeks", min=1, max=104, help="Whole weeks to simulate, ending with the last full week."),
    agents: int = typer.Option(60, "--agents", min=3, max=2000, help="Agents in the centre (at least one per team)."),
    seed: int = typer.Option(1, "--seed", min=0, help="Random seed: the same arguments give the same centre."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP + " Default `demo-data`."),
) -> None:  # fmt: skip
    """Simulate a retail bank's contact centre, write it as Switchboard CSV and ingest it.

    Four queues (two voice, chat and e-mail), a bank's daily and weekly arrival curves, agents in
    three skill groups on rosters with breaks, lunches and training, repeat contacts and surveys.
    Running it again with the same arguments adds nothing.
    """
    settings = current_settings(ctx)
    folder = data_dir or ctx.meta.get("demo_data_dir") or Path("demo-data")
    request = DemoRequest(weeks=weeks, agents=agents, seed=seed, timezone=settings.timezone)
    console = Console()
    with fail_on_errors(), _store(settings, console) as engine:
        staff = _generate_and_load(console, engine, settings, request, folder)
        sign_ins = _set_up_people(console, engine, settings, staff, request)
        _print_store(console, engine)
        _print_sign_ins(console, sign_ins)


@contextmanager
def _store(settings: Settings, console: Console) -> Iterator[Engine]:
    upgrade(settings.database_url)
    console.print(f"store: {display_url(settings.database_url)}")
    engine = make_engine(settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _generate_and_load(
    console: Console, engine: Engine, settings: Settings, request: DemoRequest, folder: Path
) -> list[StaffMember]:
    with _stage("simulating the centre"):
        generated = generate(request, folder / "centre")
    _print_generated(console, request, generated)
    with _ingest_progress(generated.files) as on_progress:
        loads = load_files(engine, generated.files, settings, on_progress)
    _print_loads(console, loads)
    return generated.centre.staff


def _set_up_people(
    console: Console, engine: Engine, settings: Settings, staff: list[StaffMember],
    request: DemoRequest,
) -> list[SignInRow]:  # fmt: skip
    """The demo's site, teams and users, and their development records (goals, feedback,
    coaching, the improvement activity); the rows of the sign-ins table, none if refused."""
    calendar = request.calendar()
    try:
        with unit_of_work(engine) as session:
            people = set_up_people(session=session, staff=staff, timezone=settings.timezone)
            rows = _sign_in_rows(people)
            coaching = plan_coaching(calendar, staff)
            seeded = seed_development(
                session=session, people=people, staff=staff, calendar=calendar,
                coaching=coaching, settings=kpi_settings(settings), timezone=settings.timezone,
            )  # fmt: skip
            quality = seed_quality(
                session=session, people=people, staff=staff, calendar=calendar,
                coaching=coaching, timezone=settings.timezone, seed=request.seed,
            )  # fmt: skip
    except NotADemoStoreError as refusal:
        err_console.print(f"[yellow]warning:[/] {refusal.message}", highlight=False)
        return []
    made = people.organisation
    changes = [
        f"{count} {what}"
        for count, what in (
            (made.created, "sites and teams created"),
            (made.placed, "agents placed in their teams"),
            (people.created, "users created"),
            (int(seeded.improvement_id is not None), "set of development records added"),
        )
        if count
    ]
    console.print(
        f"[bold]The demo's people[/]: site {made.site.name}, teams {', '.join(made.teams)} "
        f"({', '.join(changes) or 'nothing new'})",
        highlight=False,
    )
    if quality.evaluations:
        console.print(f"[bold]The demo's quality records[/]: {quality}", highlight=False)
    return rows


def _sign_in_rows(people: DemoPeople) -> list[SignInRow]:
    return [
        (
            sign_in.role.value.replace("_", " "),
            sign_in.username,
            sign_in.password,
            people.users[sign_in.username].display_name,
            sign_in.sees,
        )
        for sign_in in DEMO_SIGN_INS
    ]


def _print_sign_ins(console: Console, rows: list[SignInRow], url: str | None = None) -> None:
    """The demo's last word: who to sign in as, one user per role, and where when ``url``."""
    if rows:
        _print_sign_ins_table(console, rows)
        others = " and ".join(leader.username for leader in OTHER_TEAM_LEADERS)
        start = "Start the web app with [bold]switchboard serve[/] and sign in as any of them. "
        console.print(
            f"{'' if url else start}Every demo password is demo-USERNAME-switchboard ({others} "
            "lead the other teams; qa2 is a second quality analyst) until changed with "
            "[bold]switchboard users set-password "
            "USERNAME[/].",
            highlight=False,
        )
    if url:
        who = " and sign in as any user above" if rows else ""
        console.print(f"[bold]Open {url}{who}; Ctrl-C stops the server.[/]", highlight=False,
                      soft_wrap=True)  # fmt: skip


def _print_sign_ins_table(console: Console, rows: list[SignInRow]) -> None:
    title = "Demo sign-ins, one per role (DEMO passwords: published, never for a real centre)"
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("role", "username", "password", "name", "sees"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console(width=max(console.width, 120)).print(table, highlight=False)


@contextmanager
def _stage(what: str) -> Iterator[None]:
    progress = Progress(SpinnerColumn(), TextColumn(f"[bold]{what}"), TimeElapsedColumn(),
                        console=err_console, transient=True, disable=not err_console.is_terminal)  # fmt: skip
    with progress:
        progress.add_task(what, total=None)
        yield


@contextmanager
def _ingest_progress(files: dict[str, Path]) -> Iterator[Callable[[str], ProgressCallback]]:
    progress = Progress(TextColumn("[bold]ingesting {task.description}"), BarColumn(), DownloadColumn(),
                        console=err_console, transient=True, disable=not err_console.is_terminal)  # fmt: skip
    tasks = {
        kind: progress.add_task(path.name, total=path.stat().st_size)
        for kind, path in files.items()
    }
    with progress:
        yield lambda kind: lambda done: progress.advance(tasks[kind], done)


def _print_generated(console: Console, request: DemoRequest, generated: Generated) -> None:
    calendar = generated.calendar
    last = calendar.day(calendar.days - 1)
    console.print(
        f"[bold]The demo centre[/]: {request.agents} agents, {request.weeks} weeks "
        f"({calendar.first_monday:%a %d %b %Y} to {last:%a %d %b %Y}), seed {request.seed}",
        highlight=False,
    )
    for kind, path in generated.files.items():
        console.print(f"  {path}: {generated.rows[kind]:,} rows", highlight=False)


def _print_loads(console: Console, loads: list[Load]) -> None:
    console.print("[bold]What the demo loaded[/]")
    for load in loads:
        c = load.summary.as_dict()
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
        details = ", ".join(made + extra) or "nothing new"
        console.print(
            f"  {load.path.name}: {c['lines_read']:,} lines -> {details}", highlight=False
        )


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
        f"{totals['surveys']:,} survey responses ({totals['surveys_linked']:,} linked to their contact)"
    )


def _print_kpis(console: Console, engine: Engine, settings: Settings) -> None:
    """The demo's last word: the KPI report a manager would open, by queue, against targets."""
    with unit_of_work(engine) as session:
        if not target_service.list_targets(session=session):
            for kpi, (green, amber) in DEMO_TARGETS.items():
                target_service.set_target(session=session, kpi=kpi, green=green, amber=amber)
    start, end = last_full_week(settings)
    with unit_of_work(engine) as session:
        request = ReportRequest(by=("queue",), kpis=DEMO_KPIS, timezone=settings.timezone,
                                start=start, end=end)  # fmt: skip
        report = build_report(session=session, request=request, settings=kpi_settings(settings))
    wide = Console(width=max(console.width, 120))  # the demo's table has eleven columns of figures
    title = f"KPIs by queue, week of {start:%a %d %b %Y}, against the demo's targets"
    wide.print(output.table(report, title))
    console.print(
        "More: [bold]switchboard report kpis --by interval --interval 60m[/], "
        "[bold]switchboard report agent AGENT[/], [bold]--format html -o report.html[/]"
    )


def _write_html_report(console: Console, engine: Engine, settings: Settings, folder: Path) -> None:
    """The same figures as a page with charts, as a manager would get it by e-mail."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kpi-report.html"
    start, end = last_full_week(settings)
    request = ReportRequest(by=("queue",), timezone=settings.timezone, start=start, end=end)
    with unit_of_work(engine) as session:
        page = render_html(session=session, request=request, settings=kpi_settings(settings))
    path.write_text(page, encoding="utf-8")
    console.print(f"The report with charts: [bold]{path}[/] (open it in a browser)")


def last_full_week(settings: Settings, today: date | None = None) -> tuple[datetime, datetime]:
    """Monday midnight to Monday midnight, centre time: the last week that has ended."""
    monday = last_full_weeks_start(today or date.today(), 1)
    start = datetime.combine(monday, datetime.min.time(), tzinfo=zone(settings.timezone))
    return start, datetime.combine(
        monday + timedelta(days=7), datetime.min.time(), tzinfo=start.tzinfo
    )
