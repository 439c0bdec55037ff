"""What the demo bank's centre is: its queues, opening hours and skill groups.

The figures are a plausible UK retail bank's, not any real one's. Handle times and patience are
the planner's measured mean and spread (seconds); curves are relative and scaled to the staff
later, so the centre stays busy (not swamped) whatever the number of agents.
"""

from dataclasses import dataclass

Hours = tuple[float, float] | None
"""Opening hours of one day in local decimal hours, ``(8.0, 20.0)``; ``None`` when closed."""
Keypoints = tuple[tuple[float, float], ...]
"""An intraday curve: (local hour, relative rate) points joined by straight lines."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# A bank's phone day: a sharp morning peak as people reach their desks, a lunch dip, a smaller
# afternoon peak, then a long evening tail.
VOICE_DAY: Keypoints = (
    (8.0, 0.6), (9.0, 1.25), (10.0, 1.45), (11.0, 1.3), (12.0, 1.0), (12.5, 0.8), (13.5, 0.85),
    (14.5, 1.1), (15.5, 1.0), (17.0, 0.8), (18.0, 0.6), (19.0, 0.45), (20.0, 0.35),
)  # fmt: skip
# Chat follows the phones in the morning but holds up into the evening, when people are home.
CHAT_DAY: Keypoints = (
    (8.0, 0.5), (9.0, 0.9), (10.5, 1.15), (12.0, 1.0), (12.5, 0.85), (13.5, 0.9), (15.0, 1.05),
    (17.0, 1.0), (18.5, 1.15), (20.0, 0.8),
)  # fmt: skip
# E-mail arrives around the clock, mostly in the working day.
EMAIL_DAY: Keypoints = (
    (0.0, 0.15), (6.0, 0.2), (8.0, 0.8), (10.0, 1.25), (12.5, 1.0), (15.0, 1.1), (18.0, 0.75),
    (21.0, 0.5), (24.0, 0.15),
)  # fmt: skip

# Monday carries the weekend's backlog; the week tails off towards Friday.
PHONE_WEEK = (1.3, 1.08, 1.0, 0.97, 0.95, 0.55, 0.0)
EMAIL_WEEK = (1.25, 1.1, 1.0, 1.0, 0.95, 0.5, 0.45)

OFFICE: tuple[Hours, ...] = ((8.0, 20.0),) * 5 + ((9.0, 17.0), None)
ALWAYS: tuple[Hours, ...] = ((0.0, 24.0),) * 7


@dataclass(frozen=True)
class QueueSpec:
    name: str
    channel: str
    identity: str
    """How its customers are known: ``phone`` or ``email``; repeats stay within one identity."""
    contact_share: float
    """Share of the centre's contacts; sizes each queue against the others."""
    handle_mean: float
    handle_sd: float
    wrap_share: float
    patience: tuple[float, float] | None
    """Mean and spread of a lognormal patience; ``None``: never abandons."""
    day: Keypoints
    week: tuple[float, ...]
    arrives: tuple[Hours, ...]
    """When contacts arrive; e-mail arrives when the centre is closed."""
    reasons: tuple[tuple[str, float], ...]
    """Contact reasons (the disposition) with their weights; a repeat keeps its first reason."""


QUEUES = (
    QueueSpec(
        "Retail Banking", "voice", "phone", 0.48, 290.0, 170.0, 0.15, (170.0, 140.0),
        VOICE_DAY, PHONE_WEEK, OFFICE,
        (("balance enquiry", 3), ("payment query", 3), ("direct debit", 2),
         ("change of details", 2), ("statement request", 1)),
    ),
    QueueSpec(
        "Cards & Fraud", "voice", "phone", 0.20, 380.0, 220.0, 0.18, (240.0, 180.0),
        VOICE_DAY, PHONE_WEEK, OFFICE,
        (("lost or stolen card", 3), ("suspected fraud", 3), ("card declined", 2),
         ("PIN reset", 1)),
    ),
    QueueSpec(
        "Web Chat", "chat", "email", 0.20, 420.0, 240.0, 0.08, (300.0, 240.0),
        CHAT_DAY, PHONE_WEEK, OFFICE,
        (("online banking login", 3), ("app help", 2), ("payment query", 2),
         ("change of details", 1)),
    ),
    QueueSpec(
        "Email", "email", "email", 0.12, 540.0, 300.0, 0.05, None,
        EMAIL_DAY, EMAIL_WEEK, ALWAYS,
        (("document request", 2), ("complaint", 1), ("change of details", 2),
         ("statement request", 1)),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class SkillGroup:
    name: str
    skills: tuple[tuple[str, int], ...]
    """Queue name and priority (1 is taken first)."""
    staffed_for: tuple[str, ...]
    """The queues whose demand this group's rosters follow."""


# Two phone teams back each other up; the digital team blends chat with e-mail.
SKILL_GROUPS = (
    SkillGroup("Retail team", (("Retail Banking", 1), ("Cards & Fraud", 2)), ("Retail Banking",)),
    SkillGroup("Cards team", (("Cards & Fraud", 1), ("Retail Banking", 2)), ("Cards & Fraud",)),
    SkillGroup("Digital team", (("Web Chat", 1), ("Email", 2)), ("Web Chat", "Email")),
)

STAFFED_HOURS = OFFICE
"""Everyone works the office hours; e-mail that arrives at night waits for the morning."""


def queue_spec(name: str) -> QueueSpec:
    return next(spec for spec in QUEUES if spec.name == name)
