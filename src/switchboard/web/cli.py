"""``switchboard serve``: the web app and the API, run by uvicorn."""

import typer

from switchboard.cli_support import current_settings
from switchboard.db.engine import display_url


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the web app and the API (under /api/v1) until Ctrl+C."""
    # Imported here: every other command starts faster without FastAPI and uvicorn loaded.
    import uvicorn

    from switchboard.app import create_app

    settings = current_settings(ctx)
    app = create_app(settings)
    typer.echo(f"Switchboard on {display_url(settings.database_url)}")
    typer.echo(f"Serving at {site_url(host, port)} (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="info")


def site_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address needs brackets in a URL
    return f"http://{shown}:{port}/"
