"""The access tests' organisation, its bearer tokens and the web app, for the actions tests."""

from tests.access.conftest import db, org
from tests.feedback.support import frozen_clock
from tests.web.api_support import tokens
from tests.web.conftest import app, client

__all__ = ["app", "client", "db", "frozen_clock", "org", "tokens"]
