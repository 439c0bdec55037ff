"""Whether a behaviour goal names something a colleague could see or hear the agent do.

The units name "be better at handling complaints" as the vague goal to design out. This is a
small, documented heuristic over the goal's opening words, not language understanding: the SMART
check (:mod:`.smart`) uses it for the Specific criterion.
"""

import re

_SUBJECT = re.compile(r"^(?:i (?:will|shall|want to|need to|am going to) |i'll |to )")
_VAGUE = re.compile(
    r"^(?:be (?:a )?(?:better|more|less)|get better|become|improve|try|understand|know|feel"
    r"|work on|focus on|learn|aim to)\b"
)
_RESULT = re.compile(r"^(?:reduce|increase|raise|lower|cut|hit|achieve|meet)\b")
_BY_DOING = re.compile(r"\bby (\w+ing)\b")
_NOT_ACTIONS = frozenset({
    "being", "becoming", "trying", "improving", "understanding", "knowing", "feeling", "working",
    "focusing", "learning", "thinking", "getting", "aiming",
})  # fmt: skip
_EXAMPLE = (
    "summarise the agreed next steps back to the customer before closing every complaint call"
)


def vague_behaviour(text: str) -> str | None:
    """Why ``text`` is not an observable behaviour, or None when it may well be one.

    A small heuristic, not language understanding: a behaviour opening with an intention ("be
    better at", "improve", "try to", "understand", "know", "be more", "feel", "work on") or a
    result ("reduce", "hit") is vague unless it goes on to name the action, "by summarising…".

    >>> vague_behaviour("Improve my complaint calls by summarising the next steps") is None
    True
    >>> vague_behaviour("I will try to be more patient")  # doctest: +ELLIPSIS
    '"I will try to be more patient" is an intention, not a behaviour: ...'
    """
    opening = _SUBJECT.sub("", " ".join(text.lower().split()))
    if not opening:
        return "No behaviour is named."
    if any(verb not in _NOT_ACTIONS for verb in _BY_DOING.findall(opening)):
        return None
    quoted = f'"{text.strip()}"'
    if _VAGUE.match(opening):
        return (
            f"{quoted} is an intention, not a behaviour: name something a colleague could see "
            f'or hear you do, for example "{_EXAMPLE}".'
        )
    if _RESULT.match(opening):
        return f"{quoted} is a result, not a behaviour: set a KPI goal, or say what you will do."
    return None
