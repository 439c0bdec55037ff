"""Schemathesis over the evaluations operations only, with evaluations in every status in the
store: no 500s and no answer outside the schema, for an evaluator, a team leader and an
agent. (``tests/web/test_api_schemathesis.py`` runs every operation with an empty store.)"""

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from sqlalchemy.orm import Session

from tests.access.conftest import Organisation
from tests.evaluations.support import ALL_GOOD, MIXED, answers_in, create, submitted
from tests.evaluations.test_workflow import dispute
from tests.web.test_api_schemathesis import CHECKS


@pytest.fixture
def evaluations(db: Session, org: Organisation, version: int) -> None:
    """A draft, a submitted evaluation and a disputed one, ids 1 to 3."""
    create(db, org, version, answers=answers_in({"greet": "yes"}))
    submitted(db, org, version, ALL_GOOD, agent="amy")
    dispute(db, org, submitted(db, org, version, MIXED, by="ari").id)


# Once, on SQLite: tests/web/test_api_schemathesis.py runs every operation on PostgreSQL too;
# this one adds the records that reach the deeper answers.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.usefixtures("evaluations")
@pytest.mark.parametrize("user", ["quinn", "lee", "ann"])
def test_every_evaluations_operation_answers_within_its_schema(
    app: FastAPI, tokens: dict[str, str], user: str
) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).include(tag="evaluations")
    headers = {"Authorization": f"Bearer {tokens[user]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=50, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )  # fmt: skip
        def answers_within_schema(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_within_schema()
