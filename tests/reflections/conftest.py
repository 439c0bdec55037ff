"""The web app and the access tests' organisation, with a token per user, for the API tests."""

from tests.web.api_support import db, org, tokens
from tests.web.conftest import app, client

__all__ = ["app", "client", "db", "org", "tokens"]
