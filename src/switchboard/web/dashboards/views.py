"""The dashboards' routes: pages for each role, the live view's JSON, the drill-down list, and
plotly.js served from the installed plotly package (no CDN: the CSP allows only this origin)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.responses import HTMLResponse

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.kit.errors import SwitchboardError
from switchboard.web.context import web_context
from switchboard.web.dashboards import audience, interactions, live, my_performance, overview
from switchboard.web.dashboards import team as team_dashboard
from switchboard.web.dashboards.periods import choose_week
from switchboard.web.dashboards.plotly_assets import PLOTLY_JS, PLOTLY_PATH, style_guard_ids
from switchboard.web.identity import DbSession, SignedInSession
from switchboard.web.templating import render

router = APIRouter(include_in_schema=False)

LIVE_REFRESH_SECONDS = 5


def current_viewer(db: DbSession, current: SignedInSession) -> Viewer:
    return load_viewer(session=db, user=current.user)


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]
OptionalText = Annotated[str | None, Query()]


def parse_day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise SwitchboardError(f"{name} must be a date such as 2026-11-16") from exc


@router.get(PLOTLY_PATH)
def plotly_js() -> FileResponse:
    return FileResponse(
        PLOTLY_JS,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


@router.get(audience.MY_PERFORMANCE.path)
def my_performance_page(
    request: Request, db: DbSession, current: SignedInSession, viewer: CurrentViewer,
    week: OptionalText = None,
) -> HTMLResponse:  # fmt: skip
    agent_id = audience.require_own_kpis(viewer)
    settings = web_context(request).settings
    page = my_performance.build(
        session=db, settings=settings, agent_id=agent_id, week=parse_day(week, "week")
    )
    return render(request, "dashboards/my_performance.html", current=current, page=page,
                  timezone=settings.timezone, plotly_src=PLOTLY_PATH, plotly_guards=style_guard_ids())  # fmt: skip


@router.get(audience.OVERVIEW.path)
def overview_page(
    request: Request, db: DbSession, current: SignedInSession, viewer: CurrentViewer,
    week: OptionalText = None,
) -> HTMLResponse:  # fmt: skip
    audience.require_operations(viewer)
    settings = web_context(request).settings
    drill_down = audience.may_drill_down(viewer)
    page = overview.build(session=db, settings=settings, week=parse_day(week, "week"),
                          drill_down=drill_down)  # fmt: skip
    return render(request, "dashboards/overview.html", current=current, page=page,
                  timezone=settings.timezone, plotly_src=PLOTLY_PATH, plotly_guards=style_guard_ids(),
                  drill_down=drill_down)  # fmt: skip


@router.get(audience.TEAM.path)
def team_page(
    request: Request, db: DbSession, current: SignedInSession, viewer: CurrentViewer,
    team: Annotated[int | None, Query(ge=1)] = None, week: OptionalText = None,
) -> HTMLResponse:  # fmt: skip
    audience.require_team_view(viewer)
    settings = web_context(request).settings
    page = team_dashboard.build(session=db, settings=settings, viewer=viewer, team_id=team,
                                week=parse_day(week, "week"))  # fmt: skip
    return render(request, "dashboards/team.html", current=current, page=page,
                  timezone=settings.timezone, plotly_src=PLOTLY_PATH, plotly_guards=style_guard_ids(),
                  drill_down=audience.may_drill_down(viewer))  # fmt: skip


@router.get(audience.LIVE.path)
def live_page(
    request: Request, db: DbSession, current: SignedInSession, viewer: CurrentViewer
) -> HTMLResponse:
    audience.require_operations(viewer)
    settings = web_context(request).settings
    page = live.build(session=db, timezone=settings.timezone)
    return render(request, "dashboards/live.html", current=current, page=page,
                  refresh_seconds=LIVE_REFRESH_SECONDS)  # fmt: skip


@router.get("/live.json")
def live_json(request: Request, db: DbSession, viewer: CurrentViewer) -> JSONResponse:
    audience.require_operations(viewer)
    page = live.build(session=db, timezone=web_context(request).settings.timezone)
    return JSONResponse(page.as_json())


@router.get("/interactions")
def interactions_page(
    request: Request, db: DbSession, current: SignedInSession, viewer: CurrentViewer,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    outcome: str = "offered", queue: OptionalText = None, page: int = 1,
    agent: Annotated[int | None, Query(ge=1)] = None, at: OptionalText = None, minutes: int = 30,
) -> HTMLResponse:  # fmt: skip
    audience.require_interactions(viewer)
    settings = web_context(request).settings
    fallback = choose_week(db, settings.timezone, None).chosen.monday
    query = interactions.parse_query(
        parse_day(start, "from"), parse_day(end, "to"), outcome, page, fallback,
        interactions.Narrowing(queue, agent, at, minutes),
    )  # fmt: skip
    listing = interactions.build(session=db, settings=settings, viewer=viewer, query=query)
    return render(request, "dashboards/interactions.html", current=current, page=listing,
                  timezone=settings.timezone)  # fmt: skip
