"""Jinja2 templates for the pages, with autoescaping, and the words the pages use for roles."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from switchboard.auth.service import CurrentSession
from switchboard.people.models import Role

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")

ROLE_LABELS = {
    Role.AGENT: "Agent",
    Role.TEAM_LEADER: "Team leader",
    Role.QUALITY_ANALYST: "Quality analyst",
    Role.PLANNER: "Planner",
    Role.MANAGER: "Operations manager",
    Role.COMPLIANCE: "Compliance officer",
    Role.ADMIN: "Administrator",
}
TEMPLATES.env.filters["role_label"] = lambda role: ROLE_LABELS[Role(role)]


def as_sentence(message: str) -> str:
    """Errors are written lower-case for the CLI; a page starts them with a capital. Jinja's
    ``capitalize`` would lower-case the rest, names included."""
    return message[:1].upper() + message[1:]


TEMPLATES.env.filters["sentence"] = as_sentence


def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    current: CurrentSession | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page; ``current`` puts the signed-in user and the sign-out form in its header."""
    return TEMPLATES.TemplateResponse(
        request, template, {"current": current, **context}, status_code=status
    )
