"""Who is asking: the facts about a signed-in user that the access policy needs."""

from dataclasses import dataclass

from switchboard.people.models import Role


@dataclass(frozen=True)
class Viewer:
    """A signed-in user as the access policy sees them, loaded once per request.

    ``agent_id`` and ``team_id`` are the user's own agent record and its team, if they handle
    contacts; ``led_team_ids`` are the teams whose ``leader_id`` is this user; ``site_ids`` are
    their home site (``users.site_id``) and any further sites in ``user_sites``.
    """

    user_id: int
    role: Role
    agent_id: int | None = None
    team_id: int | None = None
    led_team_ids: frozenset[int] = frozenset()
    site_ids: frozenset[int] = frozenset()
