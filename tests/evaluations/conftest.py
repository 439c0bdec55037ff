"""The access tests' organisation, its bearer tokens, the web app, and a published scorecard
version for the evaluations tests (built with the ORM, so these tests stand on their own)."""

from tests.access.conftest import db, org
from tests.evaluations.support import version
from tests.web.api_support import tokens
from tests.web.conftest import app, client

__all__ = ["app", "client", "db", "org", "tokens", "version"]
