"""``switchboard plan`` (staffing questions for planners) and ``switchboard simulate``."""

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from switchboard.cli_support import OutputFormat, err_console, fail_on_errors, print_json
from switchboard.planning.erlang import ErlangModel, StaffingQuestion, answer
from switchboard.planning.simulate import read_config, run

plan_app = typer.Typer(
    help="Staffing: how many agents a queue needs, and how a staffing level performs.",
    no_args_is_help=True,
)

_LABELS = {
    "load_erlangs": ("Offered load", "{:.2f} Erlangs"),
    "agents": ("Agents", "{}"),
    "gross_agents": ("Agents to roster, with shrinkage", "{:.2f}"),
    "service_level": ("Service level (of all arrivals)", "{:.2%}"),
    "service_level_answered": ("Service level (of answered)", "{:.2%}"),
    "asa": ("ASA", "{:.1f} s"),
    "wait_probability": ("Probability of waiting", "{:.2%}"),
    "abandon_probability": ("Abandonment", "{:.2%}"),
    "mean_abandon_time": ("Mean time to abandon", "{:.1f} s"),
    "blocking_probability": ("Blocking", "{:.4%}"),
    "occupancy": ("Occupancy", "{:.2%}"),
}


@plan_app.command("erlang")
def erlang(
    model: ErlangModel = typer.Option(
        ErlangModel.C,
        "--model",
        help="b (blocked contacts are lost), c (contacts wait) or a (waiting contacts may abandon).",
    ),
    arrivals_per_hour: float = typer.Option(
        ..., "--arrival-rate", help="Contacts arriving per hour."
    ),
    aht: float = typer.Option(..., "--aht", help="Average handle time in seconds."),
    patience: float | None = typer.Option(
        None, "--patience", help="Erlang A: callers' mean patience in seconds."
    ),
    agents: int | None = typer.Option(
        None, "--agents", help="Evaluate this many agents instead of finding the number needed."
    ),
    target_sl: float | None = typer.Option(
        None,
        "--target-sl",
        help="Service level to reach, from 0 to 1 (with --threshold). Erlang B: the share not blocked.",
    ),
    threshold: float | None = typer.Option(
        None, "--threshold", help="Service-level threshold in seconds, e.g. 20 for 80/20."
    ),
    target_asa: float | None = typer.Option(
        None, "--target-asa", help="Highest acceptable ASA in seconds."
    ),
    max_occupancy: float | None = typer.Option(
        None, "--max-occupancy", help="Highest acceptable occupancy, from 0 to 1."
    ),
    shrinkage: float = typer.Option(
        0.0,
        "--shrinkage",
        help="Share of paid time off the phones, from 0 to below 1, to gross up the agents.",
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Erlang B, C or A for one queue: the agents needed for a target, or how N agents perform.

    Give either `--agents N`, or one or more targets (`--target-sl` with `--threshold`,
    `--target-asa`, `--max-occupancy`).
    """
    question = StaffingQuestion(
        model=model,
        arrivals_per_hour=arrivals_per_hour,
        aht=aht,
        patience=patience,
        agents=agents,
        target_sl=target_sl,
        threshold=threshold,
        target_asa=target_asa,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
    )
    with fail_on_errors():
        _check_question(question)
        result = answer(question)
    if fmt is OutputFormat.JSON:
        print_json(result)
    else:
        _print_table(result)


def _check_question(question: StaffingQuestion) -> None:
    has_target = any(
        value is not None
        for value in (question.target_sl, question.target_asa, question.max_occupancy)
    )
    if question.agents is not None and has_target:
        raise typer.BadParameter("give --agents or targets, not both")
    if question.agents is None and not has_target:
        raise typer.BadParameter(
            "give --agents N, or a target: --target-sl with --threshold, --target-asa or --max-occupancy"
        )


def _print_table(result: dict[str, Any]) -> None:
    title = f"Erlang {result['model'].upper()}: {result['arrivals_per_hour']:g} contacts/h, AHT {result['aht']:g} s"
    if result["patience"] is not None:
        title += f", patience {result['patience']:g} s"
    table = Table(title=title, show_header=False)
    for key, (label, pattern) in _LABELS.items():
        if key == "gross_agents" and not result["shrinkage"]:
            continue
        if key in result:
            value = result[key]
            text = "unbounded" if value is None else pattern.format(value)
            if key.startswith("service_level") and result["threshold"] is not None:
                label = f"{label} within {result['threshold']:g} s"
            table.add_row(label, text)
    Console().print(table)


def simulate(
    config: Path = typer.Option(
        ...,
        "--config",
        exists=False,
        help="The centre to simulate, as a TOML file (see docs/queueing.md).",
    ),
    replications: int = typer.Option(
        10,
        "--replications",
        min=1,
        max=10_000,
        help="Independent runs; the confidence intervals need at least 2.",
    ),
    seed: int = typer.Option(
        1, "--seed", help="Seed of the random numbers: the same seed gives the same figures."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Simulate a contact centre and report each queue's figures with 99% confidence intervals.

    The centre (queues with arrival rates per interval, handle-time and patience distributions,
    agents with skills and shifts) is described in a TOML file. Each replication is an
    independent run of the whole horizon.
    """
    with fail_on_errors():
        settings = read_config(config)
        with Progress(
            TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err_console, transient=True, disable=fmt is OutputFormat.JSON,
        ) as bar:  # fmt: skip
            task = bar.add_task("replications", total=replications)
            result = run(
                settings, replications, seed, lambda done: bar.update(task, completed=done)
            )
    if fmt is OutputFormat.JSON:
        print_json(result)
    else:
        _print_simulation(result)


def _print_simulation(result: dict[str, Any]) -> None:
    table = Table(
        title=f"Simulated: {result['replications']} replications of {result['horizon_seconds'] / 3600:g} h, "
        f"seed {result['seed']}; means ± half-width of the 99% confidence interval"
    )
    for heading in (
        "Queue",
        "Agents",
        "Offered",
        "Threshold",
        "Service level",
        "ASA",
        "Abandoned",
        "Occupancy",
    ):
        table.add_column(heading, justify="left" if heading == "Queue" else "right")
    rows = [*result["queues"].items(), ("all queues", result)]
    for name, figures in rows:
        threshold = f"{figures['threshold']:g} s" if "threshold" in figures else ""
        table.add_row(
            name,
            str(figures["agents"]),
            _with_interval(figures, "offered", "{:,.0f}"),
            threshold,
            _with_interval(figures, "service_level", "{:.1%}", scale=100, unit=""),
            _with_interval(figures, "asa", "{:.1f} s"),
            _with_interval(figures, "abandon_probability", "{:.1%}", scale=100, unit=""),
            _with_interval(figures, "occupancy", "{:.1%}", scale=100, unit=""),
        )
    Console().print(table)


def _with_interval(
    figures: dict[str, Any], name: str, pattern: str, scale: float = 1.0, unit: str = ""
) -> str:
    """The mean and the half-width of its interval: "66.3% ±1.6"."""
    mean, (low, high) = figures[name], figures[f"{name}_ci"]
    if mean is None:
        return "–"
    text = pattern.format(mean)
    if low is None:
        return text
    return f"{text} ±{(high - low) / 2 * scale:.1f}{unit}"
