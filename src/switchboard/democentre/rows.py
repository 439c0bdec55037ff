"""The simulated centre as rows of Switchboard's documented CSV (docs/formats.md).

The simulator's own rows (`switchboard.domain.queueing.simulation.rows`) carry what the
simulation knows; the demo adds what a real export also has: the customer, a wrap-up code, the
transferred flag, and pause reasons as an ACD names them. Contacts still waiting when the
simulation ends (a few e-mails) are left out, as a real export leaves out contacts still open.
"""

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from switchboard.democentre.centre import QUEUES
from switchboard.democentre.customers import Assignment, Identities
from switchboard.domain.queueing.simulation.rows import (
    AGENT_STATE_COLUMNS,
    INTERACTION_COLUMNS,
    Table,
)

CUSTOMER_COLUMNS = ("customer", "customer_kind", "transferred")
SURVEY_COLUMNS = (
    "source_id", "interaction_source_id", "interaction_source_system", "kind", "score", "responded_at",
)  # fmt: skip
ABSENCE_REASONS = {"break": "Break", "lunch": "Lunch", "training": "Training",
                   "meeting": "Team meeting", "coaching": "Coaching"}  # fmt: skip
EXPORTED_OUTCOMES = ("answered", "abandoned", "callback")
SPECS = {spec.name: spec for spec in QUEUES}


def interaction_rows(
    table: Table, who: Assignment, transferred: npt.NDArray[np.bool_], identities: Identities
) -> Iterator[list[str]]:
    """The simulator's interaction rows, closed contacts only, with the demo's own columns."""
    closed = table.where(np.isin(table.columns["outcome"], EXPORTED_OUTCOMES))
    columns = closed.columns
    for row, i in enumerate(closed.index):
        spec = SPECS[str(columns["queue"][row])]
        phone = spec.identity == "phone"
        customer = (identities.phone if phone else identities.email)(int(who.customer[i]))
        values = [str(columns[name][row]) for name in INTERACTION_COLUMNS]
        values[INTERACTION_COLUMNS.index("disposition")] = spec.reasons[who.reason[i]][0]
        yield [
            *values,
            customer,
            "phone" if phone else "email",
            "true" if transferred[i] else "false",
        ]


def agent_state_rows(table: Table) -> Iterator[list[str]]:
    """The simulator's agent state rows, with pause reasons named as an ACD names them."""
    columns = table.columns
    for row in range(len(table)):
        values = [str(columns[name][row]) for name in AGENT_STATE_COLUMNS]
        values[AGENT_STATE_COLUMNS.index("reason")] = ABSENCE_REASONS.get(values[2], "")
        yield values
