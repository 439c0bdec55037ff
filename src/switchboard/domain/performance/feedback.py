"""Checks on a piece of performance feedback before it is given: is it tied to something
observed, timely, balanced, complete, and about what the person did rather than who they are?

Feedback comes from the team leader, a peer, a customer (a survey verbatim, linked to its
contact automatically by :func:`from_verbatim`) or the agent themselves. It is written in one of
two models the qualification units teach:

- **SBI**: the Situation, the Behaviour seen in it, and its Impact.
- **BOOST**: Balanced, Observed, Objective, Specific, Timely. A draft holds the observed
  behaviour, what went well and what would be even better.

:func:`check` turns the models' rules into findings a team leader reads before sending:

- ``missing_part`` (error): the model's parts are not all there. SBI needs all three; BOOST
  needs the observed behaviour and what went well, what would be even better, or both.
- ``not_observed`` (Observed, Specific): no linked contact and no described event.
- ``stale`` (Timely): observed more than ``max_age_days`` before it is given.
- ``unbalanced`` (Balanced): developmental feedback with no positive beside it.
- ``personal`` (Objective): the words describe the person rather than what they did.

The units name the mistake this guards against: "confusing performance feedback with personal
criticism, failing to focus on observable behaviours".

>>> from datetime import UTC
>>> draft = FeedbackDraft(Model.SBI, Source.TEAM_LEADER, Tone.DEVELOPMENTAL,
...     given_at=datetime(2025, 6, 20, 9, tzinfo=UTC), situation="The billing call at 10:05",
...     behaviour="You were rude and always interrupt", impact="The customer complained",
...     interaction_ids=(4711,), observed_at=datetime(2025, 6, 2, 10, 5, tzinfo=UTC))
>>> [(str(f.code), str(f.severity)) for f in check(draft)]
[('stale', 'warn'), ('unbalanced', 'warn'), ('personal', 'warn')]
>>> check(draft)[-1].words
('rude', 'always')
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

DAY = 86_400
MAX_AGE_DAYS = 14
"""Feedback is "Timely" when given within a fortnight of what it describes: most centres hold
one-to-ones fortnightly, so anything older has missed the conversation where it belonged, and
the agent is unlikely to remember the contact. A setting, not a rule."""


class Source(StrEnum):
    TEAM_LEADER = "team_leader"
    PEER = "peer"
    CUSTOMER = "customer"
    SELF = "self"


class Model(StrEnum):
    SBI = "sbi"
    BOOST = "boost"


class Tone(StrEnum):
    POSITIVE = "positive"
    """Reinforces something to keep doing."""
    DEVELOPMENTAL = "developmental"
    """Asks for something to change."""


class Severity(StrEnum):
    WARN = "warn"
    """Worth a second look; the giver may still send it."""
    ERROR = "error"
    """The feedback does not follow its model; fill the part in first."""


class Code(StrEnum):
    MISSING_PART = "missing_part"
    NOT_OBSERVED = "not_observed"
    STALE = "stale"
    UNBALANCED = "unbalanced"
    PERSONAL = "personal"


@dataclass(frozen=True)
class FeedbackDraft:
    """One piece of feedback as written, before it is given.

    ``behaviour`` is SBI's Behaviour and BOOST's observed behaviour. ``went_well`` is the
    balancing positive (BOOST's "what went well", or a positive added to developmental SBI);
    ``even_better`` is BOOST's developmental part. ``interaction_ids`` and ``event`` tie the
    feedback to what was observed; ``observed_at`` is when (the service fills it in from a
    linked contact). Times are timezone-aware UTC.
    """

    model: Model
    source: Source
    tone: Tone
    given_at: datetime
    situation: str = ""
    behaviour: str = ""
    impact: str = ""
    went_well: str = ""
    even_better: str = ""
    observed_at: datetime | None = None
    interaction_ids: tuple[int, ...] = ()
    event: str = ""

    def __post_init__(self) -> None:
        for name in ("given_at", "observed_at"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware (UTC), got {value!r}")


@dataclass(frozen=True)
class Finding:
    code: Code
    severity: Severity
    message: str
    words: tuple[str, ...] = ()
    """For ``personal``: the words that describe the person, lower-cased."""


def check(draft: FeedbackDraft, *, max_age_days: float = MAX_AGE_DAYS) -> tuple[Finding, ...]:
    """Every finding on ``draft``, errors first, in the order of the list above.

    A customer's feedback is kept in the customer's own words, so only ``not_observed``
    applies to it: a customer is not asked to write SBI, to answer a survey promptly, to balance
    a complaint or to avoid judging the agent. When a team leader passes it on, their own
    feedback record is checked in full.
    """
    if draft.source is Source.CUSTOMER:
        found = [_not_observed(draft)]
    else:
        found = [
            _missing_part(draft), _not_observed(draft), _stale(draft, max_age_days),
            _unbalanced(draft), _personal(draft),
        ]  # fmt: skip
    return tuple(f for f in found if f is not None)


def _missing_part(draft: FeedbackDraft) -> Finding | None:
    missing = missing_parts(draft)
    if not missing:
        return None
    message = f"{draft.model.upper()} feedback needs {_and(missing)}: add before giving it."
    return Finding(Code.MISSING_PART, Severity.ERROR, message)


def missing_parts(draft: FeedbackDraft) -> tuple[str, ...]:
    """The parts of the draft's model that are blank, named as a team leader knows them.

    >>> from datetime import UTC
    >>> missing_parts(FeedbackDraft(Model.BOOST, Source.PEER, Tone.POSITIVE,
    ...     given_at=datetime(2025, 6, 2, tzinfo=UTC), behaviour="You used her name"))
    ('what went well or what would be even better',)
    """
    if draft.model is Model.SBI:
        parts = {"the situation": draft.situation, "the behaviour": draft.behaviour}
        parts["the impact"] = draft.impact
    else:
        parts = {"the observed behaviour": draft.behaviour}
        parts["what went well or what would be even better"] = draft.went_well + draft.even_better
    return tuple(name for name, text in parts.items() if _blank(text))


def _not_observed(draft: FeedbackDraft) -> Finding | None:
    if draft.interaction_ids or not _blank(draft.event):
        return None
    message = (
        "This feedback is not tied to an observed interaction or event: link the contact or "
        "describe when you saw it."
    )
    return Finding(Code.NOT_OBSERVED, Severity.WARN, message)


def _stale(draft: FeedbackDraft, max_age_days: float) -> Finding | None:
    """Skipped when the observation has no time: the service dates linked contacts, and
    ``not_observed`` already covers feedback tied to nothing."""
    if draft.observed_at is None:
        return None
    age = (draft.given_at - draft.observed_at).total_seconds()
    if age <= max_age_days * DAY:
        return None
    message = (
        f"This feedback is about something seen {age / DAY:.0f} days before it is given, more "
        f"than the {max_age_days:g} days that keeps it timely: the agent may not remember the "
        "contact. Give it sooner next time, or link a more recent example."
    )
    return Finding(Code.STALE, Severity.WARN, message)


def _unbalanced(draft: FeedbackDraft) -> Finding | None:
    if not developmental(draft) or not _blank(draft.went_well):
        return None
    message = (
        "This developmental feedback has no balancing positive: add something the agent did "
        "well, so they hear what to keep doing as well as what to change."
    )
    return Finding(Code.UNBALANCED, Severity.WARN, message)


def developmental(draft: FeedbackDraft) -> bool:
    """True when the draft asks for a change: its tone says so, or BOOST's "even better if"
    is filled in (a positive BOOST with an "even better" is developmental in part)."""
    return draft.tone is Tone.DEVELOPMENTAL or not _blank(draft.even_better)


def _personal(draft: FeedbackDraft) -> Finding | None:
    """Only the texts addressed to the agent's conduct are read: the situation and impact
    describe the contact and the customer, and praise that says "always" is not criticism."""
    words = personal_words(f"{draft.behaviour}. {draft.even_better}")
    if not words:
        return None
    quoted = ", ".join(f'"{w}"' for w in words)
    message = (
        f"This describes the person rather than what they did ({quoted}). Describe the "
        'behaviour you observed on the contact, for example "you put the customer on hold '
        'twice without saying why".'
    )
    return Finding(Code.PERSONAL, Severity.WARN, message, words)


def _blank(text: str) -> bool:
    return not text.strip()


def _and(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# Personal criticism -------------------------------------------------------------------------

TRAITS = (
    "lazy", "rude", "careless", "unprofessional", "useless", "hopeless", "sloppy", "incompetent",
    "stupid", "arrogant", "disrespectful", "bad attitude", "poor attitude", "attitude problem",
)  # fmt: skip
"""Words that judge a person's character rather than describe an action."""
SWEEPING = ("always", "never")
"""Generalisations: feedback is about one observed contact, not everything the agent does."""
LABELS = ("you are", "you're", "you’re")
"""Phrases that label the person ("you are careless") instead of the act ("you didn't check")."""

_LEXICON = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in (*LABELS, *TRAITS, *SWEEPING))
    + r")\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[.;:!?,]+|\b(?:and|but|while|whereas|although|though|because|so)\b", re.IGNORECASE
)
_CUSTOMER_SUBJECT = re.compile(r"^\s*(?:the\s+|a\s+|this\s+)?(?:customer|caller)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you’re)\b", re.IGNORECASE)


def personal_words(text: str) -> tuple[str, ...]:
    """The words in ``text`` that judge the person, lower-cased, each once, in order.

    A heuristic, deliberately small: whole words and phrases from :data:`TRAITS`,
    :data:`SWEEPING` and :data:`LABELS`, case-insensitive. A clause whose subject is the customer
    or caller ("the customer was rude") is skipped, and so is the rest of that sentence until a
    clause addresses the agent again ("you", "your"). It cannot tell "you're on hold a lot" (a
    label it flags) from "you're" as a plain verb, nor find judgements outside its lexicon
    ("you were abrupt and dismissive" passes) or reported as the customer's ("the customer said
    you were rude" passes): a warning to reread, never a verdict.

    >>> personal_words("You are LAZY and never check the notes")
    ('you are', 'lazy', 'never')
    >>> personal_words("The customer was rude and abusive, but you stayed calm")
    ()
    >>> personal_words("The customer was upset, and you were careless with the refund")
    ('careless',)
    """
    found: dict[str, None] = {}
    for clause in _agent_clauses(text):
        found.update((" ".join(m.lower().split()), None) for m in _LEXICON.findall(clause))
    return tuple(found)


def _agent_clauses(text: str) -> list[str]:
    """The clauses of ``text`` not about the customer; a clause that does not address the agent
    keeps the subject of the clause before it, within the sentence."""
    kept: list[str] = []
    for sentence in re.split(r"[.!?]+", text):
        about_customer = False
        for clause in _CLAUSE_BREAK.split(sentence):
            if _CUSTOMER_SUBJECT.match(clause):
                about_customer = True
            elif _SECOND_PERSON.search(clause):
                about_customer = False
            if not about_customer:
                kept.append(clause)
    return kept


# Customer verbatims -------------------------------------------------------------------------


@dataclass(frozen=True)
class Verbatim:
    """A customer's words from a survey tied to one contact.

    ``top_box`` says whether ``score`` sits in the survey's top boxes (for CSAT,
    :func:`switchboard.domain.kpi.formulas.is_csat_satisfied`); the caller decides, since CES
    runs the other way. ``contact_at`` is when the contact took place, if known.
    """

    text: str
    survey: str
    score: float
    interaction_id: int
    responded_at: datetime
    top_box: bool
    contact_at: datetime | None = None


def from_verbatim(verbatim: Verbatim) -> FeedbackDraft:
    """The customer's feedback as an SBI record linked to its contact.

    The survey and its contact are the Situation and the customer's words the Impact: how the
    contact left them. The Behaviour stays blank for the team leader to find on the recording.
    A top-box score makes it positive feedback, any other score developmental.

    >>> from datetime import UTC
    >>> at = datetime(2025, 6, 3, 17, tzinfo=UTC)
    >>> draft = from_verbatim(Verbatim("Sorted it first time!", "csat", 5, 4711, at, top_box=True))
    >>> draft.situation, draft.tone, draft.interaction_ids, check(draft)
    ('CSAT survey on contact 4711, score 5', <Tone.POSITIVE: 'positive'>, (4711,), ())
    """
    return FeedbackDraft(
        model=Model.SBI,
        source=Source.CUSTOMER,
        tone=Tone.POSITIVE if verbatim.top_box else Tone.DEVELOPMENTAL,
        given_at=verbatim.responded_at,
        situation=(
            f"{verbatim.survey.upper()} survey on contact {verbatim.interaction_id}, "
            f"score {verbatim.score:g}"
        ),
        impact=verbatim.text,
        observed_at=verbatim.contact_at,
        interaction_ids=(verbatim.interaction_id,),
    )
