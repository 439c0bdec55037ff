"""The scorecards API: versions, refusals with their paths, roles, files, and schemathesis over
its operations, on both databases."""

from typing import Any

import pytest
import schemathesis
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.access.conftest import Organisation
from tests.feedback.support import send
from tests.scorecards.support import EXAMPLE, small
from tests.web.test_api_schemathesis import CHECKS

Tokens = dict[str, str]


def created(client: TestClient, token: str, name: str = "Small", **changes: Any) -> Any:
    body = {"name": name, "definition": small(**changes)}
    answer = send(client, token, "POST", "/api/v1/scorecards", body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def published(client: TestClient, token: str, version_id: int) -> Any:
    answer = send(client, token, "POST", f"/api/v1/scorecard-versions/{version_id}/publish")
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_scorecard_goes_from_draft_to_published_and_then_never_changes(
    client: TestClient, tokens: Tokens
) -> None:
    draft = created(client, tokens["quinn"])
    assert (draft["version"], draft["status"], draft["name"]) == (1, "draft", "Small")
    assert (draft["section_count"], draft["question_count"]) == (2, 3)
    path = f"/api/v1/scorecard-versions/{draft['id']}"
    edited = send(client, tokens["quinn"], "PUT", path, {"definition": small(pass_mark=70)})
    assert edited.json()["definition"]["pass_mark"] == 70
    assert published(client, tokens["quinn"], draft["id"])["status"] == "published"
    again = send(client, tokens["quinn"], "PUT", path, {"definition": small()})
    assert again.status_code == 409
    assert "make a new version" in again.json()["detail"]


def test_a_new_version_is_one_draft_at_a_time_and_publishing_retires_the_old(
    client: TestClient, tokens: Tokens
) -> None:
    first = created(client, tokens["ari"])
    published(client, tokens["ari"], first["id"])
    versions = f"/api/v1/scorecards/{first['scorecard_id']}/versions"
    second = send(client, tokens["ari"], "POST", versions)
    assert (second.status_code, second.json()["version"]) == (201, 2)
    assert send(client, tokens["ari"], "POST", versions, {}).status_code == 409
    published(client, tokens["ari"], second.json()["id"])
    card = send(client, tokens["ari"], "GET", f"/api/v1/scorecards/{first['scorecard_id']}")
    assert [(v["version"], v["status"]) for v in card.json()["versions"]] == [
        (1, "retired"), (2, "published"),
    ]  # fmt: skip
    assert (card.json()["latest_version"], card.json()["published_version"]) == (2, 2)


def test_it_refuses_a_definition_naming_each_problem_by_its_path(
    client: TestClient, tokens: Tokens
) -> None:
    definition = small()
    definition["sections"][0]["questions"][1]["weight"] = -1
    definition["sections"][1]["title"] = ""
    body = {"name": "Bad", "definition": definition}
    answer = send(client, tokens["quinn"], "POST", "/api/v1/scorecards", body)
    assert answer.status_code == 422
    assert [e["loc"] for e in answer.json()["detail"]] == [
        ["body", "definition", "sections", 0, "questions", 1, "weight"],
        ["body", "definition", "sections", 1, "title"],
    ]  # fmt: skip


def test_an_agent_reads_published_versions_but_not_drafts_and_changes_nothing(
    client: TestClient, tokens: Tokens
) -> None:
    shown = created(client, tokens["quinn"], "Shown")
    published(client, tokens["quinn"], shown["id"])
    hidden = created(client, tokens["quinn"], "Hidden")
    ann = tokens["ann"]
    listed = send(client, ann, "GET", "/api/v1/scorecards").json()["items"]
    assert [item["name"] for item in listed] == ["Shown"]
    assert send(client, ann, "GET", f"/api/v1/scorecard-versions/{shown['id']}").status_code == 200
    assert send(client, ann, "GET", f"/api/v1/scorecard-versions/{hidden['id']}").status_code == 404
    hidden_card = f"/api/v1/scorecards/{hidden['scorecard_id']}"
    assert send(client, ann, "GET", hidden_card).status_code == 404
    refused = send(
        client, ann, "POST", "/api/v1/scorecards", {"name": "Mine", "definition": small()}
    )
    assert refused.status_code == 403
    update = {"definition": small()}
    assert send(client, ann, "PUT", f"/api/v1/scorecard-versions/{hidden['id']}",
                update).status_code == 403  # fmt: skip
    assert send(client, tokens["pat"], "GET", "/api/v1/scorecards").status_code == 403


@pytest.mark.parametrize(("fmt", "media_type"), [("json", "application/json"),
                                                 ("yaml", "application/yaml")])  # fmt: skip
def test_an_export_downloads_as_a_file_that_imports_back_unchanged(
    client: TestClient, tokens: Tokens, fmt: str, media_type: str
) -> None:
    body = {"filename": "customer_service.yaml", "text": EXAMPLE.read_text()}
    first = send(client, tokens["quinn"], "POST", "/api/v1/scorecards/import", body)
    assert (first.status_code, first.json()["status"]) == (201, "published")
    version_id = first.json()["id"]
    exported = send(client, tokens["ann"], "GET",
                    f"/api/v1/scorecard-versions/{version_id}/export", format=fmt)  # fmt: skip
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith(media_type)
    assert exported.headers["content-disposition"] == (
        f'attachment; filename="customer-service-voice-v1.{fmt}"'
    )
    assert yaml.safe_load(exported.text) == first.json()["definition"]
    body = {"filename": f"shared.{fmt}", "text": exported.text}
    again = send(client, tokens["quinn"], "POST", "/api/v1/scorecards/import", body)
    assert (again.status_code, again.json()["id"]) == (200, version_id)


def test_an_import_refuses_a_bad_file_naming_the_line_of_each_field(
    client: TestClient, tokens: Tokens
) -> None:
    text = EXAMPLE.read_text().replace("weight: 30", "weight: 0")
    body = {"filename": "cs.yaml", "text": text, "publish": False}
    answer = send(client, tokens["ari"], "POST", "/api/v1/scorecards/import", body)
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    line = text.splitlines().index("    weight: 0") + 1
    assert error["loc"] == ["body", "text", "sections", 2, "weight"]
    assert error["msg"] == f"line {line}: must be more than 0"
    broken = {"filename": "cs.json", "text": "{"}
    answer = send(client, tokens["ari"], "POST", "/api/v1/scorecards/import", broken)
    assert answer.json()["detail"][0]["loc"] == ["body", "text"]


def test_a_field_name_that_looks_like_a_digit_is_refused_by_name(
    client: TestClient, tokens: Tokens
) -> None:
    body = {"name": "Odd", "definition": small(**{"\u00b9": None})}
    answer = send(client, tokens["ari"], "POST", "/api/v1/scorecards", body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "definition", "[\u00b9]"]


# Once, on SQLite: tests/web/test_api_schemathesis.py runs every operation on PostgreSQL too;
# this one adds the records that reach the deeper answers.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("user", ["ari", "ann"])  # an editor, and an agent who only reads
def test_schemathesis_finds_every_scorecard_operation_within_its_schema(
    app: FastAPI, client: TestClient, tokens: Tokens, org: Organisation, user: str
) -> None:
    first = created(client, tokens["ari"], "Seed")
    published(client, tokens["ari"], first["id"])
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens[user]}"}
    operations = [
        result.ok() for result in schema.get_all_operations() if "scorecard" in result.ok().path
    ]
    assert len(operations) == 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=60, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )  # fmt: skip
        def answers_within_schema(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_within_schema()
