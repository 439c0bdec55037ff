"""``create_app(settings)``: the FastAPI application, its pages and its API under ``/api/v1``."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from switchboard import __version__
from switchboard.actions import api as actions_api
from switchboard.auth import hashing
from switchboard.calibration import api as calibration_api
from switchboard.coaching import api as coaching_api
from switchboard.config import Settings
from switchboard.db.engine import make_engine
from switchboard.evaluations import api as evaluations_api
from switchboard.feedback import api as feedback_api
from switchboard.goals import api as goals_api
from switchboard.improvements import api as improvements_api
from switchboard.qareports import api as qareports_api
from switchboard.reflections import api as reflections_api
from switchboard.sampling import api as sampling_api
from switchboard.scorecards import api as scorecards_api
from switchboard.selfaudits import api as selfaudits_api
from switchboard.web import api as web_api
from switchboard.web import data_api, testing_routes
from switchboard.web import views as web_views
from switchboard.web.admission import CONNECTIONS_PER_REQUEST, Admission
from switchboard.web.context import WebContext
from switchboard.web.dashboards import views as dashboard_views
from switchboard.web.development import views as development_views
from switchboard.web.handlers import install_error_handlers
from switchboard.web.headers import STATIC_PREFIX, SecurityHeadersMiddleware
from switchboard.web.quality import views as quality_views
from switchboard.web.turnover import ConnectionTurnoverMiddleware
from switchboard.wellbeing import api as wellbeing_api

STATIC_DIR = Path(__file__).parent / "web" / "static"
DEVELOPMENT_APIS = (selfaudits_api, goals_api, feedback_api, coaching_api, actions_api,
                    improvements_api, reflections_api, wellbeing_api)  # fmt: skip
"""Personal and team effectiveness (docs/performance-management.md), one router per feature."""
QUALITY_APIS = (scorecards_api, evaluations_api, sampling_api, calibration_api, qareports_api)
"""Quality assurance (docs/quality.md)."""


def create_app(
    settings: Settings, *, testing: bool = False, password_hasher: PasswordHasher | None = None
) -> FastAPI:
    """The whole web application on the store ``settings`` names. ``testing`` adds routes that
    fail on purpose; ``password_hasher`` lets tests hash cheaply."""
    admitted = 2 * settings.web_threads  # enough to keep every thread busy between trips
    engine = make_engine(
        settings.database_url, pool_size=CONNECTIONS_PER_REQUEST * admitted, max_overflow=10
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The thread pool that runs sync routes and dependencies: anyio's default is 40.
        to_thread.current_default_thread_limiter().total_tokens = settings.web_threads
        yield
        engine.dispose()

    app = FastAPI(
        title="Switchboard",
        version=__version__,
        openapi_url=f"{web_api.API_PREFIX}/openapi.json",
        docs_url=None,  # the interactive docs load script from a CDN, which the CSP forbids
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web_context = WebContext(
        settings=settings,
        engine=engine,
        password_hasher=password_hasher or hashing.PASSWORD_HASHER,
        admission=Admission(admitted),
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(ConnectionTurnoverMiddleware)  # added last: the outermost
    install_error_handlers(app)
    app.mount(STATIC_PREFIX.rstrip("/"), StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(web_api.router)
    app.include_router(data_api.router)
    for feature in DEVELOPMENT_APIS + QUALITY_APIS:
        app.include_router(feature.router)
    app.include_router(web_views.router)
    app.include_router(dashboard_views.router)
    app.include_router(development_views.router)
    app.include_router(quality_views.router)
    if testing:
        app.include_router(testing_routes.router)
    return app
