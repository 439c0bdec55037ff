"""How the demo's quality analysts answer the demo scorecard: realistic and reproducible.

Each agent has a fixed chance of missing an ordinary question (:func:`profiles`), higher for
the slower agents: the simulation's speed stands in for experience, as a new starter is both
slower and less sure of the call flow. Most answers are good; the misses are spread by each
question's difficulty. A few answers are N/A where the contact gives the question nothing to
judge (no card payment, no complaint, no hold or transfer, no data-protection statement in an
e-mail), and the rare regulatory misses are rarer still: ID&V about 2% of contacts, so a few
evaluations auto-fail. The coached agents (:mod:`switchboard.democentre.coaching`) miss the
call-control questions often before the coaching day and seldom after it, which is what Grace
coached them on.

Every draw comes from a generator seeded by the demo's seed and the contact, so a contact is
answered the same way whatever order the evaluations are written in. Questions this module
does not know by key (a centre's own card) get the plain treatment of their answer type.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from switchboard.domain.quality.scorecard import NO, YES, AnswerType, Question, Scorecard

Answer = tuple[str | int | None, str]
"""An answer's value (yes/no, a scale point, a choice's label, None for N/A) and comment."""

BASE_MISS = 0.14
"""The typical agent's chance of missing an ordinary question."""
MISS_PER_SPEED = 0.2
"""How much more an agent misses per unit of handle-time multiplier above 1 (slower)."""
CALL_CONTROL = ("call_purpose", "summarised", "further_help")
"""Signpost the call, summarise, close: what the coaching day was about."""
MISS_BEFORE_COACHING = 0.4
DIFFICULTY = {
    "greeting": 0.4, "call_purpose": 0.8, "questioning": 1.4, "listening": 1.0,
    "accurate_information": 0.6, "systems_updated": 1.2, "hold_transfer": 1.3,
    "summarised": 1.3, "further_help": 1.0, "idv_before_disclosure": 0.1,
    "data_protection_statement": 0.25, "pci_card_handling": 0.25, "complaint_logged": 0.6,
    "vulnerable_customer": 1.3,
}  # fmt: skip
"""Each question's misses relative to the agent's base rate: the regulatory ones are drilled."""
CARD_PAYMENT_REASONS = frozenset({"payment query", "card declined"})
CARD_PAYMENT_SHARE = 0.6
"""Of those voice contacts, the share where the customer paid by card on the call."""
DISSATISFIED_SHARE = 0.03
"""Contacts of other reasons where the customer still expressed dissatisfaction."""
VULNERABLE_SHARE = 0.07
"""Contacts showing signs of vulnerability (FCA FG21/1 expects about half of adults to have
a characteristic of vulnerability at some point; it shows on the call far less often)."""
EXTRA_MILE_SHARE = 0.12

MISSED = {
    "greeting": "No brand greeting; went straight to 'how can I help'.",
    "idv_before_disclosure": "Confirmed the balance before completing ID&V (only the date of "
    "birth had been checked).",
    "call_purpose": "Did not confirm the reason for the call; the customer had to repeat it.",
    "questioning": "Closed questions only: the real need (a missed payment) came out late.",
    "listening": "Talked over the customer twice while they were explaining.",
    "accurate_information": "Quoted 3 working days for the refund; it is 5.",
    "systems_updated": "Disposition left as 'general enquiry'; notes do not say what was agreed.",
    "hold_transfer": "Put the customer on hold without asking or saying why.",
    "data_protection_statement": "Data-protection statement not read before taking new details.",
    "complaint_logged": "The customer said they were unhappy with the charge; not logged as a "
    "complaint.",
    "vulnerable_customer": "Customer mentioned a recent bereavement; no support offered and "
    "nothing recorded.",
    "summarised": "Closed without summarising the next steps.",
    "further_help": "Did not ask whether there was anything else.",
}
PCI_FAIL_COMMENT = "Read the full card number back to the customer: PCI breach, reported."


@dataclass(frozen=True)
class Contact:
    """What the evaluator sees of the contact that decides which questions apply."""

    interaction_id: int
    agent_id: int
    channel: str
    disposition: str | None
    transferred: bool
    hold_seconds: float
    day: date
    """The local day it arrived."""


@dataclass(frozen=True)
class Profile:
    miss: float
    """The agent's chance of missing an ordinary question."""
    coached_on: date | None = None
    """The coaching day, for the coached agents."""


def profiles(
    speeds: Mapping[int, float], coached: Mapping[int, date], seed: int
) -> dict[int, Profile]:
    """Each agent's fixed quality: the slower, the more misses, with some of their own on top.
    ``speeds`` is the simulation's handle-time multiplier per agent id (1 when unknown)."""
    out: dict[int, Profile] = {}
    for agent_id, speed in speeds.items():
        rng = np.random.default_rng([seed, agent_id, 1])
        miss = BASE_MISS + MISS_PER_SPEED * (speed - 1) + rng.normal(0, 0.025)
        out[agent_id] = Profile(float(np.clip(miss, 0.04, 0.3)), coached.get(agent_id))
    return out


def answer_all(card: Scorecard, contact: Contact, profile: Profile, seed: int) -> dict[str, Answer]:
    """Answers to every question of ``card`` for ``contact``, as its evaluator would give them."""
    rng = np.random.default_rng([seed, contact.interaction_id, 2])
    return {q.key: _answer(q, contact, profile, rng) for q in card.questions()}


def _answer(q: Question, contact: Contact, profile: Profile, rng: np.random.Generator) -> Answer:
    special = _SPECIAL.get(q.key)
    if special is not None:
        return special(q, contact, profile, rng)
    if not _applies(q, contact, rng):
        return None, ""
    if q.answer_type is AnswerType.SCALE:
        return _scale(q, profile, rng, lift=0.0), ""
    if q.answer_type is AnswerType.CHOICE:
        return _choice(q, profile, rng), ""
    return _yes_no(q, rng, _miss(q, contact, profile))


def _miss(q: Question, contact: Contact, profile: Profile) -> float:
    if (
        q.key in CALL_CONTROL
        and profile.coached_on is not None
        and contact.day < profile.coached_on
    ):
        return MISS_BEFORE_COACHING
    return profile.miss * DIFFICULTY.get(q.key, 1.0)


def _applies(q: Question, contact: Contact, rng: np.random.Generator) -> bool:
    """Whether the contact gives the question anything to judge; a draw is made either way so
    that one question's N/A never shifts another question's answer."""
    draw = rng.random()
    if not q.allow_na:
        return True
    match q.key:
        case "data_protection_statement":
            return contact.channel != "email"
        case "pci_card_handling":
            card = contact.channel == "voice" and contact.disposition in CARD_PAYMENT_REASONS
            return card and draw < CARD_PAYMENT_SHARE
        case "complaint_logged":
            return contact.disposition == "complaint" or draw < DISSATISFIED_SHARE
        case "vulnerable_customer":
            return draw < VULNERABLE_SHARE
        case "hold_transfer":
            return contact.transferred or (contact.channel == "voice" and contact.hold_seconds > 0)
    return True


def _yes_no(q: Question, rng: np.random.Generator, miss: float) -> Answer:
    if rng.random() < miss:
        return NO, MISSED.get(q.key, "Missed.")
    return YES, ""


def _scale(q: Question, profile: Profile, rng: np.random.Generator, lift: float) -> int:
    """Most agents sit a point below the top; a poorer agent lower, never at the very bottom
    (which counts as a failure) unless something went badly wrong."""
    top = q.scale_max - q.scale_min
    centre = q.scale_min + top * (0.78 - 1.6 * (profile.miss - BASE_MISS) + lift)
    value = round(rng.normal(centre, 0.35 * top / 2))
    return int(np.clip(value, q.scale_min + 1, q.scale_max))


def _choice(q: Question, profile: Profile, rng: np.random.Generator) -> str:
    """The best choice mostly; otherwise one of the passing ones, never a failing one."""
    ranked = sorted(q.choices, key=lambda c: -c.points)
    passing = [c for c in ranked if not c.fails and c.points > 0]
    if rng.random() >= profile.miss * 2 or len(passing) < 2:
        return ranked[0].label
    return passing[1 + int(rng.integers(len(passing) - 1))].label


# --- the demo card's questions that need more than their type ---------------------------------


def _resolution(
    q: Question, contact: Contact, profile: Profile, rng: np.random.Generator
) -> Answer:
    labels = [c.label for c in sorted(q.choices, key=lambda c: -c.points)]
    draw = rng.random()
    if len(labels) != 4:
        return _choice(q, profile, rng), ""
    if contact.transferred:
        return labels[2], ""
    if draw < profile.miss * 0.3:
        return labels[3], "No next step agreed: the customer will have to call again."
    if draw < profile.miss * 2.5:
        return labels[1], ""
    return labels[0], ""


def _card_handling(
    q: Question, contact: Contact, profile: Profile, rng: np.random.Generator
) -> Answer:
    if not _applies(q, contact, rng):
        return None, ""
    failing = [c.label for c in q.choices if c.fails]
    passing = [c.label for c in q.choices if not c.fails]
    if failing and rng.random() < profile.miss * DIFFICULTY["pci_card_handling"]:
        return failing[0], PCI_FAIL_COMMENT
    return passing[int(rng.random() < 0.3) % len(passing)], ""


def _empathy(q: Question, contact: Contact, profile: Profile, rng: np.random.Generator) -> Answer:
    if not _applies(q, contact, rng):
        return None, ""
    lift = -0.1 if contact.disposition == "complaint" else 0.0  # harder with an angry customer
    return _scale(q, profile, rng, lift), ""


def _extra_mile(
    q: Question, contact: Contact, profile: Profile, rng: np.random.Generator
) -> Answer:
    if rng.random() < EXTRA_MILE_SHARE * (1.5 - 5 * (profile.miss - BASE_MISS)):
        return YES, "Set up a text alert so the customer sees the payment land."
    # Not awarded is left N/A rather than No: a bonus never costs points, and a No would count
    # as a failed answer in the most-failed questions.
    return None, ""


_SPECIAL = {
    "resolution_outcome": _resolution,
    "pci_card_handling": _card_handling,
    "empathy": _empathy,
    "extra_mile": _extra_mile,
}


def values(answers: Mapping[str, Answer]) -> dict[str, str | int | None]:
    return {key: value for key, (value, _) in answers.items()}


def summary(answers: Mapping[str, Answer], score: float | None, auto_failed: bool) -> str:
    """The evaluator's overall note: what stood out, in a line or two."""
    missed = [key for key, (value, _) in answers.items() if value == NO and key in MISSED]
    if auto_failed:
        return "Auto-fail on a critical compliance item; we need to go through this one together."
    if score is None:
        return ""
    if not missed:
        return "A good contact throughout: clear, accurate and well controlled."
    named = ", ".join(key.replace("_", " ") for key in missed[:2])
    if score >= 80:
        return f"Good contact overall. Watch: {named}."
    return f"Below the pass mark. Focus on: {named}; let's listen back together."
