"""What every development page's route takes from its request: the posted form, the viewer,
and how the centre reads KPIs today. Shared by :mod:`.views` and :mod:`.improvements`."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.auth.service import CurrentSession
from switchboard.goals.checking import Reading
from switchboard.kit.clock import zone
from switchboard.kpis.params import kpi_settings
from switchboard.web.context import web_context
from switchboard.web.development import forms

MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]


async def posted(request: Request) -> dict[str, Any]:
    """The form's fields (Starlette parses the body once, for the CSRF check too)."""
    return forms.values_of(await request.form())


Posted = Annotated[dict[str, Any], Depends(posted)]


def viewer_of(db: Session, current: CurrentSession) -> Viewer:
    return load_viewer(session=db, user=current.user)


def centre_reading(request: Request) -> Reading:
    """The centre's KPI variant and timezone, and today's date there."""
    settings = web_context(request).settings
    today = datetime.now(zone(settings.timezone)).date()
    return Reading(kpi_settings(settings), settings.timezone, today)
