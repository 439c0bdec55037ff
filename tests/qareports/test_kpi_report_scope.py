"""The QA KPIs in ``GET /api/v1/reports/kpis``: judgements of people whatever the grouping.

A report that names no one (by queue, interval or channel) covers the whole centre for every
role, so it carries the QA score and the compliance pass rate only for roles whose
``evaluations`` reach is ``all``. The history is ``support.py``: Sales holds ann's 75 and 0,
Support her 100 and amy's 50, so Sales scores (75 + 0) ÷ 2 = 37.5 and Support (100 + 50) ÷ 2 = 75.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.qareports.support import History
from tests.web.api_support import call

KPIS = "/api/v1/reports/kpis"
RANGE = {"from": "2026-06-01", "to": "2026-07-31"}


def _rows(response: Any, dim: str) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return {row[dim]: row for row in response.json()["rows"]}


@pytest.mark.parametrize("name", ["quinn", "cal", "ari"])
def test_roles_reaching_every_evaluation_read_the_qa_score_by_queue(
    client: TestClient, tokens: dict[str, str], history: History, name: str
) -> None:
    rows = _rows(call(client, tokens[name], KPIS, by="queue", kpis="qa_score", **RANGE), "queue")
    assert {queue: row["qa_score"] for queue, row in rows.items()} == {
        "Sales": 37.5, "Support": 75.0}  # fmt: skip


@pytest.mark.parametrize("name", ["pat", "ann", "lee", "meg"])
def test_a_report_naming_no_one_leaves_the_qa_kpis_out_for_everyone_else(
    client: TestClient, tokens: dict[str, str], history: History, name: str
) -> None:
    rows = _rows(call(client, tokens[name], KPIS, by="queue", **RANGE), "queue")
    assert rows, "the contact KPIs are still there"
    assert all("qa_score" not in row and "compliance_pass_rate" not in row
               for row in rows.values())  # fmt: skip
    asked = call(client, tokens[name], KPIS, by="queue", kpis="answered,qa_score", **RANGE)
    assert asked.status_code == 403, asked.text
    assert "qa_score judge people" in asked.json()["detail"]


def test_by_agent_an_agent_reads_their_own_qa_score(
    client: TestClient, tokens: dict[str, str], history: History
) -> None:
    rows = _rows(call(client, tokens["ann"], KPIS, by="agent", kpis="qa_score", **RANGE), "agent")
    # ann: (75 + 0 + 100) ÷ 3 = 58.33, and nobody else's row
    assert list(rows) == ["Ann"]
    assert rows["Ann"]["qa_score"] == pytest.approx(58.3333, abs=1e-4)
