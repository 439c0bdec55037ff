"""The benchmark's contact centre: 500 agents, ten queues, one generated day at a time.

Contacts are not simulated queue by queue. Each working agent's day is drawn first, as the
non-overlapping states an ACD logs (logged in, available, on contact, wrap-up, breaks, lunch,
coaching ...). Every on-contact state is one answered contact; its wait is drawn and its arrival
put that far before the answer. Abandons, timeouts and callbacks are then added around the
answered arrivals, and some answered calls are linked as transfers. So agent states, occupancy
and contacts always agree, and the intraday curve comes from the shifts and from agents being
busier at the peaks.

Everything is drawn from a ``random.Random`` seeded per day, so both databases get the same
rows. Times are epoch seconds here; :mod:`_kpi_store` turns them into table rows.
"""

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import cos, pi
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/London")
FIRST_DAY = date(2025, 1, 1)
AGENTS = 500
TEAM_SIZE = 15
SITES = ("Leeds", "Glasgow")


@dataclass(frozen=True)
class QueueSpec:
    name: str
    channel: str
    sl_seconds: int
    talk_median: float
    wrap_mean: float
    known_customer: float
    """Share of contacts whose customer is identified (caller id, email address, login)."""
    reasons: tuple[str, ...]


QUEUES = (
    QueueSpec("Sales", "voice", 20, 160, 30, 0.7, ("new order", "upgrade", "pricing", "order status")),
    QueueSpec("Support", "voice", 20, 190, 35, 0.8, ("how to", "password reset", "fault", "delivery")),
    QueueSpec("Billing", "voice", 20, 145, 30, 0.85, ("bill query", "payment", "refund", "direct debit")),
    QueueSpec("Technical", "voice", 20, 240, 45, 0.8, ("no service", "slow service", "equipment", "fault")),
    QueueSpec("Retentions", "voice", 20, 265, 40, 0.9, ("cancel", "price match", "contract end")),
    QueueSpec("Collections", "voice", 20, 190, 40, 0.95, ("arrears", "payment plan", "payment")),
    QueueSpec("Priority", "voice", 20, 170, 30, 0.95, ("account review", "fault", "bill query")),
    QueueSpec("Web Chat", "chat", 60, 300, 20, 0.6, ("how to", "order status", "password reset", "bill query")),
    QueueSpec("Customer Email", "email", 3600, 240, 30, 1.0, ("order status", "bill query", "address change")),
    QueueSpec("Complaints Email", "email", 3600, 420, 60, 1.0, ("complaint", "compensation")),
)  # fmt: skip
QUEUE_INDEX = {spec.name: n for n, spec in enumerate(QUEUES)}

# Skill groups: (agents, {queue: weight}). Most agents take calls; a few do chat or email only.
SKILL_GROUPS = (
    (200, {"Sales": 3, "Support": 4, "Billing": 3}),
    (80, {"Support": 2, "Technical": 5}),
    (60, {"Billing": 2, "Retentions": 3, "Collections": 3}),
    (40, {"Priority": 3, "Sales": 1}),
    (60, {"Web Chat": 1}),
    (60, {"Customer Email": 4, "Complaints Email": 1}),
)
# Mean available gap between contacts, seconds; scaled by time of day and season below.
GAP_SECONDS = {"voice": 55.0, "chat": 63.0, "email": 53.0}
# Gap multiplier by local hour: short at the mid-morning and mid-afternoon peaks.
HOUR_GAP = {7: 2.6, 8: 1.5, 9: 0.85, 10: 0.6, 11: 0.65, 12: 0.95, 13: 1.0, 14: 0.7, 15: 0.75,
            16: 0.95, 17: 1.25, 18: 1.7, 19: 2.2, 20: 2.8}  # fmt: skip
SHIFT_STARTS = ((7.0, 0.06), (8.0, 0.24), (9.0, 0.30), (10.0, 0.14), (11.0, 0.10), (11.5, 0.16))
WEEKEND_STARTS = ((9.0, 0.5), (10.0, 0.3), (11.5, 0.2))
ABSENCE = 0.09
"""Share of rostered agent-days lost to holiday and sickness."""


@dataclass(frozen=True)
class Staff:
    id: int
    skills: tuple[int, ...]
    weights: tuple[float, ...]
    weekdays_only: bool
    channel: str


@dataclass(slots=True)
class Contact:
    queue: int
    agent: int | None
    arrived: float
    answered: float | None
    ended: float
    wrap_ended: float | None
    wait: float
    talk: float = 0.0
    hold: float = 0.0
    wrap: float = 0.0
    outcome: str = "answered"
    reason: str | None = None
    customer: int | None = None
    transferred: bool = False
    escalated: bool = False
    previous: "Contact | None" = None
    segment: int = 1
    id: int = 0


@dataclass(slots=True)
class State:
    agent: int
    state: str
    started: float
    ended: float
    reason: str | None = None
    queue: int | None = None


@dataclass
class Day:
    day: date
    contacts: list[Contact] = field(default_factory=list)
    states: list[State] = field(default_factory=list)


def staff_list(agent_ids: list[int]) -> list[Staff]:
    """Give each agent (in id order) a skill group; two in five work weekends on a rota."""
    groups = [group for count, group in SKILL_GROUPS for _ in range(count)]
    staff = []
    for n, (agent_id, group) in enumerate(zip(agent_ids, groups, strict=True)):
        skills = tuple(QUEUE_INDEX[name] for name in group)
        channel = QUEUES[skills[0]].channel
        weights = tuple(float(w) for w in group.values())
        staff.append(Staff(agent_id, skills, weights, n % 5 >= 2, channel))
    return staff


class CentreGenerator:
    """Draws day after day; remembers a week of answered contacts for repeat callers."""

    def __init__(self, staff: list[Staff], customers: int, seed: int = 2025) -> None:
        self.staff = staff
        self.customers = customers
        self.seed = seed
        self.recent: deque[list[tuple[int, str | None]]] = deque(maxlen=7)

    def day(self, day: date) -> Day:
        rnd = random.Random(f"{self.seed}-{day.isoformat()}")
        out = Day(day)
        scale = _season(day)
        for staff in self._rostered(rnd, day):
            _agent_day(rnd, staff, day, scale, out)
        answered = list(out.contacts)
        for contact in answered:
            _answered_details(rnd, contact)
        out.contacts += _unanswered(rnd, answered)
        _link_transfers(rnd, answered)
        self._customers(rnd, out.contacts)
        out.contacts.sort(key=lambda c: c.arrived)
        return out

    def _rostered(self, rnd: random.Random, day: date) -> list[Staff]:
        weekend = day.weekday() >= 5
        week = day.isocalendar().week
        working = []
        for staff in self.staff:
            if staff.weekdays_only:
                on = not weekend
            else:  # rota: two days off a week, moving with the week number
                off = {(staff.id + week) % 7, (staff.id + week + 3) % 7}
                on = day.weekday() not in off
            if on and rnd.random() > ABSENCE:
                working.append(staff)
        return working

    def _customers(self, rnd: random.Random, contacts: list[Contact]) -> None:
        """Known customers: about one in six contacts repeats a recent one, often for the same reason."""
        remembered: list[tuple[int, str | None]] = []
        for contact in contacts:
            if contact.segment > 1:
                continue  # a transfer keeps the customer of its first segment
            if rnd.random() >= QUEUES[contact.queue].known_customer:
                continue
            if self.recent and rnd.random() < 0.17:
                back = min(int(rnd.expovariate(0.6)), len(self.recent) - 1)
                pool = self.recent[-1 - back]
                customer, reason = pool[rnd.randrange(len(pool))]
                if contact.answered is not None and rnd.random() < 0.75:
                    contact.reason = reason
            else:
                customer = rnd.randrange(self.customers)
            contact.customer = customer
            if contact.answered is not None:
                remembered.append((customer, contact.reason))
        for contact in contacts:
            if contact.previous is not None:
                contact.customer = contact.previous.customer
        if remembered:
            self.recent.append(remembered)


def _season(day: date) -> float:
    """Busier in January and on Mondays: a multiplier on the pace of contacts."""
    yearly = 1 + 0.1 * cos(2 * pi * (day.timetuple().tm_yday - 15) / 365)
    return yearly * (1.12 if day.weekday() == 0 else 1.0)


def local_epoch(day: date, hours: float) -> float:
    wall = datetime.combine(day, time()) + timedelta(hours=hours)
    return wall.replace(tzinfo=TZ).timestamp()


def _planned_breaks(rnd: random.Random, start: float) -> list[tuple[float, float, str, str]]:
    """(start, seconds, state, reason): two breaks and lunch, sometimes coaching or training."""
    plan = [
        (start + 7200 + rnd.uniform(-900, 900), 900.0, "break", "Break"),
        (start + 14400 + rnd.uniform(-1800, 1800), 1800.0, "lunch", "Lunch"),
        (start + 23400 + rnd.uniform(-900, 900), 900.0, "break", "Break"),
    ]
    for chance, seconds, state, reason in ((0.08, 1800.0, "coaching", "Coaching"),
                                           (0.04, 5400.0, "training", "Training"),
                                           (0.06, 1800.0, "meeting", "Team meeting")):  # fmt: skip
        if rnd.random() < chance:
            plan.append((start + rnd.uniform(3600, 25000), seconds, state, reason))
    return sorted(plan)


def _shift(rnd: random.Random, day: date) -> tuple[float, float]:
    weekend = day.weekday() >= 5
    starts = WEEKEND_STARTS if weekend else SHIFT_STARTS
    hour = rnd.choices([h for h, _ in starts], [w for _, w in starts])[0]
    start = local_epoch(day, hour) + rnd.uniform(-300, 240)
    return start, start + (7.5 if weekend else 8.5) * 3600


def _agent_day(rnd: random.Random, staff: Staff, day: date, scale: float, out: Day) -> None:
    """One agent's shift as consecutive states; every on-contact state is an answered contact."""
    start, end = _shift(rnd, day)
    midnight = local_epoch(day, 0)
    plan = _planned_breaks(rnd, start)
    states, agent = out.states, staff.id
    t = start + rnd.uniform(20, 150)
    states.append(State(agent, "logged_in", start, t))
    while t < end:
        if plan and t >= plan[0][0]:
            _, seconds, state, reason = plan.pop(0)
            states.append(State(agent, state, t, t + seconds, reason))
            t += seconds
            continue
        hour = min(max(int((t - midnight) // 3600), 7), 20)
        gap = rnd.expovariate(scale / (GAP_SECONDS[staff.channel] * HOUR_GAP[hour]))
        stop = min(end, plan[0][0]) if plan else end
        if t + gap >= stop:
            states.append(State(agent, "available", t, stop))
            t = stop
            continue
        if gap >= 0.5:
            states.append(State(agent, "available", t, t + gap))
        t = _handle(rnd, staff, t + gap, out)


def _handle(rnd: random.Random, staff: Staff, answered: float, out: Day) -> float:
    queue = rnd.choices(staff.skills, staff.weights)[0]
    spec = QUEUES[queue]
    talk = rnd.lognormvariate(0, 0.55) * spec.talk_median
    hold = rnd.expovariate(1 / 55) if spec.channel == "voice" and rnd.random() < 0.15 else 0.0
    wrap = 5 + rnd.expovariate(1 / spec.wrap_mean)
    ended = answered + talk + hold
    contact = Contact(queue, staff.id, answered, answered, ended, ended + wrap, 0.0,
                      talk, hold, wrap, reason=rnd.choice(spec.reasons))  # fmt: skip
    out.contacts.append(contact)
    out.states.append(State(staff.id, "on_contact", answered, ended, queue=queue))
    out.states.append(State(staff.id, "wrap_up", ended, ended + wrap, queue=queue))
    return ended + wrap


def _answered_details(rnd: random.Random, contact: Contact) -> None:
    """The wait before an answer: most calls within seconds, a long tail at busy times."""
    channel = QUEUES[contact.queue].channel
    if channel == "email":
        wait = min(rnd.expovariate(1 / 10800), 86400)
    elif rnd.random() < (0.42 if channel == "voice" else 0.3):
        wait = rnd.uniform(0, 4)
    else:
        wait = min(rnd.expovariate(1 / (28 if channel == "voice" else 45)), 900)
    contact.wait = wait
    contact.arrived = (contact.answered or 0.0) - wait
    contact.escalated = rnd.random() < 0.02


def _unanswered(rnd: random.Random, answered: list[Contact]) -> list[Contact]:
    """Abandons (a quarter of them short), chat timeouts and voice callbacks, arriving when the
    answered contacts of the same queue do."""
    extra = []
    live = [c for c in answered if QUEUES[c.queue].channel != "email"]
    for template in live:
        roll = rnd.random()
        arrived = template.arrived + rnd.uniform(-300, 300)
        if roll < 0.072:
            short = rnd.random() < 0.25
            wait = rnd.uniform(0.5, 5) if short else min(5 + rnd.expovariate(1 / 75), 900)
            outcome = "abandoned"
        elif roll < 0.078:
            is_chat = QUEUES[template.queue].channel == "chat"
            wait = 900.0 if is_chat else 30 + rnd.expovariate(1 / 90)
            outcome = "timed_out" if is_chat else "callback"
        else:
            continue
        extra.append(Contact(template.queue, None, arrived, None, arrived + wait, None, wait,
                             outcome=outcome))  # fmt: skip
    return extra


def _link_transfers(rnd: random.Random, answered: list[Contact]) -> None:
    """About 5% of answered calls go on to another queue: the next free agent there picks them
    up, so a later answered call of that queue becomes the transfer's second segment."""
    calls = sorted((c for c in answered if QUEUES[c.queue].channel == "voice"),
                   key=lambda c: c.answered or 0.0)  # fmt: skip
    taken: set[int] = set()
    for n, first in enumerate(calls):
        if id(first) in taken or rnd.random() >= 0.05:
            continue
        for second in calls[n + 1 : n + 400]:
            gap = (second.answered or 0.0) - first.ended
            if gap > 180:
                break
            if gap < 5 or id(second) in taken or second.queue == first.queue:
                continue
            if second.agent == first.agent:
                continue
            taken.update((id(first), id(second)))
            first.outcome, first.transferred = "transferred", True
            second.previous, second.segment = first, 2
            second.arrived, second.wait = first.ended, gap
            break
