"""The worked example of docs/quality.md ("Scoring"), number for number, so the page and the
code cannot drift apart.

Opening: greeting No 0/1, ID&V Yes 2/2 → 2/3 = 66.7. The call: empathy 4 on 1–5 earns
2 × 3/4 = 1.5/2, resolution "partly" 3 × 2/4 = 1.5/3, the bonus +1/0 → 4/5 = 80. Compliance:
data protection 1/1, PCI "partly" 1 × 1/2 = 0.5/1 → 1.5/2 = 75. Close: 1/1 (the N/A left out)
= 100. Overall (66.7 × 1 + 80 × 2 + 75 × 1 + 100 × 1) ÷ 5 = 80.3. Compliance 3.5/4 = 87.5,
not passed (PCI partial).
"""

import pytest

from switchboard.domain.quality.scorecard import from_dict
from switchboard.domain.quality.scoring import score

CARD = from_dict({
    "name": "Worked example", "pass_mark": 80,
    "sections": [
        {"key": "opening", "title": "Opening", "weight": 1, "questions": [
            {"key": "greeting", "text": "Greeting"},
            {"key": "idv", "text": "ID&V before disclosure", "weight": 2,
             "critical": "fail_all", "compliance": True}]},
        {"key": "call", "title": "The call", "weight": 2, "questions": [
            {"key": "empathy", "text": "Empathy", "answer_type": "scale", "weight": 2,
             "scale_min": 1, "scale_max": 5},
            {"key": "resolution", "text": "Resolution", "answer_type": "choice", "weight": 3,
             "choices": [{"label": "resolved", "points": 4}, {"label": "partly", "points": 2},
                         {"label": "not", "points": 0}]},
            {"key": "above", "text": "Went above and beyond", "bonus": True}]},
        {"key": "compliance", "title": "Compliance", "weight": 1, "questions": [
            {"key": "dpa", "text": "Data-protection statement", "critical": "fail_section",
             "compliance": True},
            {"key": "pci", "text": "Card details PCI-safe", "answer_type": "choice",
             "critical": "fail_section", "compliance": True,
             "choices": [{"label": "IVR", "points": 2}, {"label": "partly", "points": 1},
                         {"label": "read aloud", "points": 0, "fails": True}]}]},
        {"key": "close", "title": "Close", "weight": 1, "questions": [
            {"key": "summary", "text": "Summarised next steps"},
            {"key": "complaint", "text": "Complaint logged", "compliance": True}]},
    ],
})  # fmt: skip
ANSWERS = {"greeting": "no", "idv": "yes", "empathy": 4, "resolution": "partly", "above": "yes",
           "dpa": "yes", "pci": "partly", "summary": "yes", "complaint": None}  # fmt: skip


def test_the_documented_example_scores_as_the_page_says() -> None:
    result = score(CARD, ANSWERS)
    sections = {s.key: s.score for s in result.sections}
    assert sections == pytest.approx(
        {"opening": 200 / 3, "call": 80.0, "compliance": 75.0, "close": 100.0})  # fmt: skip
    assert result.overall == pytest.approx((200 / 3 + 160 + 75 + 100) / 5)  # 80.33
    assert round(result.overall or 0, 1) == 80.3
    assert (result.compliance, result.compliance_passed, result.passed) == (87.5, False, True)


def test_with_id_and_v_missed_the_example_auto_fails() -> None:
    result = score(CARD, ANSWERS | {"idv": "no"})
    # Overall 0; the opening still shows 0 of 3; compliance (0 + 1 + 0.5) of 4 = 37.5.
    assert (result.overall, result.auto_failed, result.passed) == (0.0, True, False)
    assert result.sections[0].score == 0.0
    assert (result.compliance, result.compliance_passed) == (37.5, False)


def test_with_no_data_protection_statement_only_its_section_fails() -> None:
    result = score(CARD, ANSWERS | {"dpa": "no"})
    # (66.7 + 160 + 0 + 100) ÷ 5 = 65.3
    assert result.overall == pytest.approx((200 / 3 + 160 + 0 + 100) / 5)
    assert round(result.overall or 0, 1) == 65.3
    assert result.auto_failed is False
