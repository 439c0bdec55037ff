"""Schemathesis over the OpenAPI spec: every operation, 100 generated requests each, as an admin
(who sees every row) and as a team leader (scoped): no 500s and no answer outside the schema.

The checks are the server-error and conformance ones (status code, content type, body and
headers as documented). Schemathesis's "positive data acceptance" check is left out on purpose:
the spec types `from` and `to` as text, and the API rightly answers 422 to text that is not an
ISO date, a refusal the spec documents.
"""

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tests.web.api_support import Organisation, db, org, tokens

__all__ = ["Organisation", "db", "org", "tokens"]
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.mark.parametrize("user", ["ari", "lee"])  # the admin, and a team leader
def test_every_operation_answers_within_its_schema(
    app: FastAPI, tokens: dict[str, str], user: str
) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens[user]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=100, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )  # fmt: skip
        def answers_within_schema(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_within_schema()
