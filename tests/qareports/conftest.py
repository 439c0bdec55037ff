"""The access tests' organisation with the quality history of ``support.py``, its bearer tokens
and the web app, and a clock stopped at ``support.NOW``."""

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from switchboard.qareports import service as report_service
from tests.access.conftest import Organisation, db, org
from tests.qareports.support import NOW, History, add_history
from tests.web.api_support import tokens
from tests.web.conftest import app, client

__all__ = ["app", "client", "db", "frozen_clock", "history", "org", "tokens"]


@pytest.fixture
def history(db: Session, org: Organisation) -> History:
    return add_history(db, org)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(report_service, "utcnow", lambda: NOW)
    return NOW
