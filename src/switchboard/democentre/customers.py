"""Customers and their repeat contacts, assigned after the simulation.

The simulator only knows that contacts arrive. Here each contact gets a reason and a customer.
A contact that did not solve the customer's problem brings them back: we pick, for some contacts,
a later contact of the same queue and give it the same customer and reason. Abandoned callers
mostly try again within the hour; a long or transferred call comes back within days more often
than a quick one. That is what makes first contact resolution (FCR) meaningful.

Identifiers are fictional: phone numbers in the +44 7700 9xxxxx block (Ofcom keeps 07700 900xxx
for drama; the rest of the block stands in for it here), and e-mail addresses at example.com.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from switchboard.democentre.centre import QUEUES

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DAY = 86_400.0
BASE_REPEAT = 0.21
LONG_HANDLE_REPEAT = 0.15  # added when the handle time ran over 1.6 times the queue's mean
TRANSFER_REPEAT = 0.25
ABANDON_REPEAT = 0.6
RETRY_MEAN_SECONDS = 1_800.0  # an abandoned caller tries again after about half an hour
REPEAT_MEDIAN_DAYS = 1.0
LONGEST_GAP_DAYS = 21.0
PHONE_BLOCK = 100_000  # +44 7700 9xxxxx


@dataclass(frozen=True)
class Contacts:
    """What the repeat model needs to know of each simulated contact, in arrival order."""

    queue: IntArray
    arrival: FloatArray
    answered: BoolArray
    abandoned: BoolArray
    handle: FloatArray
    transferred: BoolArray
    inbound: BoolArray
    origin: IntArray
    """For a callback, the contact that asked for it (it is the same customer), else -1."""


@dataclass(frozen=True)
class Assignment:
    customer: IntArray
    """A number per customer, shared by a contact and its repeats."""
    reason: IntArray
    """Index into the queue's reasons."""
    repeat_of: IntArray
    """The contact this one repeats, or -1."""

    @property
    def has_repeat(self) -> BoolArray:
        flags = np.zeros(len(self.repeat_of), dtype=bool)
        flags[self.repeat_of[self.repeat_of >= 0]] = True
        return flags


def repeat_probability(contacts: Contacts) -> FloatArray:
    means = np.array([spec.handle_mean for spec in QUEUES])[contacts.queue]
    answered = (
        BASE_REPEAT
        + LONG_HANDLE_REPEAT * (contacts.handle > 1.6 * means)
        + TRANSFER_REPEAT * contacts.transferred
    )
    return np.where(contacts.abandoned, ABANDON_REPEAT, np.where(contacts.answered, answered, 0.0))


def repeat_delay(contacts: Contacts, rng: np.random.Generator) -> FloatArray:
    retry = rng.exponential(RETRY_MEAN_SECONDS, len(contacts.queue))
    later = DAY * REPEAT_MEDIAN_DAYS * rng.lognormal(0.0, 1.0, len(contacts.queue))
    return np.where(contacts.abandoned, retry, later)


def plan_repeats(contacts: Contacts, rng: np.random.Generator) -> IntArray:
    """For each contact the earlier one it repeats, or -1. Only inbound contacts of the same queue
    can be repeats, each of at most one contact, and never more than three weeks later."""
    repeats = rng.random(len(contacts.queue)) < repeat_probability(contacts)
    delay = repeat_delay(contacts, rng)
    repeat_of = np.full(len(contacts.queue), -1, dtype=np.int64)
    for queue in range(len(QUEUES)):
        members = np.flatnonzero((contacts.queue == queue) & contacts.inbound)
        _link_queue(members, contacts.arrival, repeats, delay, repeat_of)
    return repeat_of


def _link_queue(
    members: IntArray,
    arrival: FloatArray,
    repeats: BoolArray,
    delay: FloatArray,
    repeat_of: IntArray,
) -> None:
    times = arrival[members]
    taken = np.zeros(len(members), dtype=bool)
    for position in np.flatnonzero(repeats[members]):
        contact = members[position]
        wanted = arrival[contact] + delay[contact]
        slot = int(np.searchsorted(times, wanted, side="right"))
        while slot < len(members) and taken[slot]:
            slot += 1
        if slot < len(members) and times[slot] - arrival[contact] <= LONGEST_GAP_DAYS * DAY:
            taken[slot] = True
            repeat_of[members[slot]] = contact


def assign(contacts: Contacts, rng: np.random.Generator) -> Assignment:
    """Customers and reasons for every contact; a repeat shares both with the contact it repeats."""
    repeat_of = plan_repeats(contacts, rng)
    reason = _draw_reasons(contacts.queue, rng)
    customer = np.full(len(repeat_of), -1, dtype=np.int64)
    family = np.array([spec.identity == "phone" for spec in QUEUES])[contacts.queue]
    for phone in (True, False):  # numbered per kind of identifier, so phone numbers last longer
        fresh = (repeat_of < 0) & (contacts.origin < 0) & (family == phone)
        customer[fresh] = np.arange(int(fresh.sum()))
    for contact in np.argsort(contacts.arrival, kind="stable"):  # the first of a chain comes first
        parent = max(repeat_of[contact], contacts.origin[contact])
        if parent >= 0:
            customer[contact] = customer[parent]
            reason[contact] = reason[parent]
    return Assignment(customer, reason, repeat_of)


def _draw_reasons(queue: IntArray, rng: np.random.Generator) -> IntArray:
    reason = np.zeros(len(queue), dtype=np.int64)
    for index, spec in enumerate(QUEUES):
        members = np.flatnonzero(queue == index)
        weights = np.array([weight for _, weight in spec.reasons], dtype=np.float64)
        reason[members] = rng.choice(len(weights), size=len(members), p=weights / weights.sum())
    return reason


class Identities:
    """Fictional identifiers for customer numbers, shuffled so neighbours look unrelated."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._phones = rng.permutation(PHONE_BLOCK)
        self._emails = rng.permutation(1_000_000)

    def phone(self, customer: int) -> str:
        if customer < PHONE_BLOCK:
            return f"+4477009{self._phones[customer]:05d}"
        return f"+447700{customer - PHONE_BLOCK:06d}"  # past the block: still made up

    def email(self, customer: int) -> str:
        number = self._emails[customer] if customer < len(self._emails) else customer
        return f"customer.{number:06d}@example.com"
