"""Loading a viewer: the one read each request makes before it applies the policy."""

from sqlalchemy.orm import Session

from switchboard.access import repository as repo
from switchboard.access.viewer import Viewer
from switchboard.kit.errors import ForbiddenError
from switchboard.people.models import User


def load_viewer(*, session: Session, user: User) -> Viewer:
    """The access facts of a signed-in user. An inactive user is refused outright, whatever
    session or token they still hold."""
    if not user.active:
        raise ForbiddenError("this account is inactive")
    facts = repo.viewer_facts(session, user.id)
    own = facts.own_agent
    home = frozenset() if user.site_id is None else frozenset({user.site_id})
    return Viewer(
        user_id=user.id,
        role=user.role,
        agent_id=own[0] if own else None,
        team_id=own[1] if own else None,
        led_team_ids=facts.led_team_ids,
        site_ids=home | facts.further_site_ids,
    )
