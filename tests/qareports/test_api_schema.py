"""Schemathesis over the quality report operations, with the quality history loaded: no 500s
and no answer outside the schema, for the admin, a team leader (scoped, refused workload) and
an agent (their own only). The suite-wide run in tests/web covers them on an empty history."""

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tests.qareports.support import History

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


# Once, on SQLite: tests/web/test_api_schemathesis.py runs every operation on PostgreSQL too;
# this one adds the records that reach the deeper answers.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("user", ["ari", "lee", "ann"])
def test_the_quality_reports_answer_within_their_schema(
    app: FastAPI, tokens: dict[str, str], history: History, user: str
) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens[user]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    mine = [op for op in operations if "/qa/reports/" in op.path]
    assert len(mine) == 4
    for operation in mine:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=60, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )  # fmt: skip
        def answers_within_schema(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_within_schema()
