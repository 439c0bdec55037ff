"""The app for uvicorn's worker processes: each builds its own from the environment, which
``switchboard serve --workers N`` fills from the settings it was given."""

from fastapi import FastAPI

from switchboard.app import create_app
from switchboard.config import Settings

FACTORY = "switchboard.web.asgi:app_from_environment"


def settings_environment(settings: Settings) -> dict[str, str]:
    """``settings`` as the ``SWITCHBOARD_*`` variables that :class:`Settings` reads back."""
    return {f"SWITCHBOARD_{name.upper()}": str(value)
            for name, value in settings.model_dump().items()}  # fmt: skip


def app_from_environment() -> FastAPI:
    return create_app(Settings())
