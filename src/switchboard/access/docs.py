"""The policy matrix as Markdown, for docs/security.md; a test fails when the two differ."""

from switchboard.access.policy import POLICY, Kind, Reach
from switchboard.people.models import Role

_REACH_WORDS = {
    Reach.NONE: "—",
    Reach.SELF: "self",
    Reach.LED_TEAMS: "led teams",
    Reach.SITES: "sites",
    Reach.ALL: "all",
}


def policy_matrix_markdown() -> str:
    """One row per role, one column per kind, each cell the role's reach."""
    kinds = list(Kind)
    lines = [
        "| Role | " + " | ".join(f"`{kind.value}`" for kind in kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    for role in Role:
        cells = (_REACH_WORDS[POLICY[role][kind]] for kind in kinds)
        lines.append(f"| `{role.value}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
