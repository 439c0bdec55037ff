"""Scorecards the tests build: a small valid definition, the shipped example, and viewers."""

import copy
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from tests.access.conftest import Organisation

EXAMPLE = Path(__file__).parents[2] / "src/switchboard/scorecards/examples/customer_service.yaml"
SMALL: dict[str, Any] = {
    "name": "Small",
    "pass_mark": 80,
    "sections": [
        {"key": "open", "title": "Opening", "questions": [
            {"key": "greet", "text": "Greeted the customer?"},
            {"key": "idv", "text": "ID&V before disclosure?", "critical": "fail_all",
             "compliance": True},
        ]},
        {"key": "close", "title": "Close", "weight": 2, "questions": [
            {"key": "tone", "text": "Tone", "answer_type": "scale", "scale_min": 1,
             "scale_max": 5},
        ]},
    ],
}  # fmt: skip


def small(**changes: Any) -> dict[str, Any]:
    """A fresh copy of :data:`SMALL` with top-level ``changes``."""
    return copy.deepcopy(SMALL) | changes


def viewer(db: Session, org: Organisation, name: str) -> Viewer:
    return load_viewer(session=db, user=org.users[name])
