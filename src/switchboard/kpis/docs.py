"""``docs/kpis.md``, generated from the registry so the two cannot drift apart."""

from switchboard.domain.kpi import KPIS, WAIT_EDGES, AbandonTreatment, KpiSettings

_SETTING_NOTES = {
    "service_level_seconds": "the queue's threshold T (`switchboard kpis threshold`), or "
    "`--service-level-seconds` for every queue",
    "abandon_treatment": "`" + "`, `".join(t.value for t in AbandonTreatment) + "`",
    "short_abandon_seconds": "seconds; 0 turns short abandons off",
    "fcr_window_seconds": "seconds",
    "csat_top_boxes": "how many top boxes of the scale count as satisfied",
}

HEADER = """# KPIs

<!-- Generated from src/switchboard/domain/kpi/registry.py by `switchboard kpis docs`.
     Do not edit by hand: tests/kpis/test_kpi_docs.py fails when the two differ. -->

Every KPI Switchboard reports, with the formula it uses, its unit and which direction is better.
Reports print the settings they used in their `settings` block, so a figure can always be traced
to its variant. A KPI with no data (no answered contacts, no survey responses) is `null` in JSON
and `—` in tables, never 0. KPIs count inbound contacts.

Ratios are fractions from 0 to 1 in JSON and CSV (percentages in tables). Durations are seconds.

## Where the numbers come from

Each import keeps aggregates up to date: counts and sums per quarter hour × queue × channel,
per local day × queue × channel, per local day × agent × queue × channel, and agent-state seconds
per quarter hour and per agent per day. The local days an import touched are rebuilt from the
stored contacts, so loading a file twice never counts anything twice. A report reads the
aggregates whenever they give the exact answer, and raw contacts when they cannot: a threshold
that is not a histogram edge, agents split into intervals shorter than a day, a range that does
not start and end on quarter hours, or aggregates built in another timezone
(`switchboard kpis rebuild` rebuilds them).

First contact resolution looks across days: a contact is only known to be resolved once the
window has passed without a repeat. Each import therefore also stores, with every answered
contact of the customers it brought, the time to that customer's next contact on the same reason
(up to 30 days ahead), and moves earlier days' contacts from resolved to unresolved when their
repeat arrives. FCR per local day is aggregated for windows of 1, 3, 7, 14 and 30 days; any other
window up to 30 days is counted from the stored times, and a longer one is searched for in raw
contacts. The report's `settings.source` says which were read (`aggregates`, `raw` or both).

Intervals are the centre's local time (`SWITCHBOARD_TIMEZONE`): a day is a local day, so the days
the clocks change last 23 and 25 hours, and the repeated hour of an autumn night appears twice,
with its two UTC offsets.
"""


def render() -> str:
    defaults = KpiSettings().as_dict()
    lines = [HEADER, "## Settings", "", "| Setting | Default | Values |", "|---|---|---|"]
    for name, note in _SETTING_NOTES.items():
        default = defaults[name]
        shown = "per queue" if default is None else f"`{default}`"
        lines.append(f"| `{name}` | {shown} | {note} |")
    edges = ", ".join(str(edge) for edge in WAIT_EDGES)
    lines += ["", f"Wait-time histogram edges (seconds): {edges}. A threshold on an edge is read "
              "exactly from the aggregates; any other threshold is computed from raw contacts.",
              "", "## Summary", "", "| KPI | Unit | Better | Formula |", "|---|---|---|---|"]  # fmt: skip
    lines += [
        f"| [`{k.name}`](#{k.name}) | {k.unit.value} | {k.better.value} | {k.formula} |"
        for k in KPIS
    ]
    for kpi in KPIS:
        lines += [
            "",
            f"## {kpi.name}",
            "",
            f"**{kpi.title}.** {kpi.formula[0].upper()}{kpi.formula[1:]}.",
            "",
        ]
        lines.append(
            f"- Unit: {kpi.unit.value}; better: {kpi.better.value}; measured from: {kpi.family.value}."
        )
        if kpi.settings:
            lines.append("- Settings: " + ", ".join(f"`{s}`" for s in kpi.settings) + ".")
        if kpi.notes:
            lines += ["", kpi.notes]
    return "\n".join(lines) + "\n"
