"""Scorecard versions, who reads and changes them, and the JSON/YAML files, on both databases.

The organisation is the access tests' (``tests/access/conftest.py``): quinn is the quality
analyst and ari the administrator (the quality editors); ann an agent, lee a team leader, meg
a manager, cal compliance and pat a planner, whose role reaches no evaluations.
"""

import json
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.domain.quality.scorecard import AnswerType, Critical
from switchboard.kit.errors import ConflictError, FieldError, ForbiddenError, NotFoundError
from switchboard.scorecards import service
from switchboard.scorecards.files import ScorecardFileError, file_definition
from switchboard.scorecards.models import Scorecard, ScorecardVersion
from switchboard.scorecards.schemas import (
    ScorecardCreate,
    ScorecardVersionCreate,
    ScorecardVersionUpdate,
)
from tests.access.conftest import Organisation
from tests.scorecards.support import EXAMPLE, small, viewer


def create(db: Session, org: Organisation, name: str = "Small", who: str = "quinn",
           **changes: Any) -> ScorecardVersion:  # fmt: skip
    scorecard_in = ScorecardCreate(name=name, definition=small(**changes))
    found = service.create_scorecard(session=db, viewer=viewer(db, org, who),
                                     scorecard_in=scorecard_in)  # fmt: skip
    db.commit()
    return found


def publish(db: Session, org: Organisation, version: ScorecardVersion) -> ScorecardVersion:
    found = service.publish(session=db, viewer=viewer(db, org, "quinn"), version_id=version.id)
    db.commit()
    return found


def new_version(db: Session, org: Organisation, scorecard_id: int, **fields: Any) -> Any:
    return service.new_version(
        session=db, viewer=viewer(db, org, "quinn"), scorecard_id=scorecard_id,
        version_in=ScorecardVersionCreate(**fields),
    )  # fmt: skip


def import_text(db: Session, text: str, filename: str, publish: bool = True) -> Any:
    found = service.imported(session=db, viewer=None, text=text, filename=filename,
                             publish=publish)  # fmt: skip
    db.commit()
    return found


def version_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(ScorecardVersion)) or 0


# --- versions ---------------------------------------------------------------------------------


def test_it_makes_version_1_as_a_draft_named_as_its_scorecard(
    db: Session, org: Organisation
) -> None:
    scorecard_in = ScorecardCreate(name="Voice", definition=small(name="Something else"))
    found = service.create_scorecard(session=db, viewer=viewer(db, org, "quinn"),
                                     scorecard_in=scorecard_in)  # fmt: skip
    assert (found.version, found.status, found.created_by) == (
        1, VersionStatus.DRAFT, org.users["quinn"].id,
    )  # fmt: skip
    assert found.definition["name"] == "Voice"
    assert db.get_one(Scorecard, found.scorecard_id).name == "Voice"


def test_it_refuses_a_second_scorecard_of_the_same_name(db: Session, org: Organisation) -> None:
    create(db, org)
    with pytest.raises(ConflictError, match="exists"):
        create(db, org)


def test_a_draft_can_be_edited_but_a_published_version_never_changes(
    db: Session, org: Organisation
) -> None:
    draft = create(db, org)
    changed = small(pass_mark=70)
    update = ScorecardVersionUpdate(definition=changed, change_note="lower pass mark")
    quinn = viewer(db, org, "quinn")
    edited = service.edit_draft(session=db, viewer=quinn, version_id=draft.id, version_in=update)
    assert (edited.definition["pass_mark"], edited.change_note) == (70.0, "lower pass mark")
    publish(db, org, draft)
    with pytest.raises(ConflictError, match="never changes: make a new version"):
        service.edit_draft(session=db, viewer=quinn, version_id=draft.id, version_in=update)


def test_a_new_version_copies_the_latest_and_only_one_draft_is_allowed(
    db: Session, org: Organisation
) -> None:
    first = publish(db, org, create(db, org, pass_mark=75))
    second = new_version(db, org, first.scorecard_id, change_note="v2")
    assert (second.version, second.status) == (2, VersionStatus.DRAFT)
    assert second.definition == first.definition
    with pytest.raises(ConflictError, match=r"has a draft already \(version 2"):
        new_version(db, org, first.scorecard_id)


def test_publishing_retires_the_version_published_before(db: Session, org: Organisation) -> None:
    first = publish(db, org, create(db, org))
    second = publish(db, org, new_version(db, org, first.scorecard_id, definition=small()))
    db.refresh(first)
    assert (first.status, second.status) == (VersionStatus.RETIRED, VersionStatus.PUBLISHED)
    assert second.published_at is not None
    assert service.current_version(session=db, scorecard_id=first.scorecard_id).id == second.id
    with pytest.raises(ConflictError, match="only a draft can be published"):
        publish(db, org, first)


def test_current_version_needs_a_published_one(db: Session, org: Organisation) -> None:
    draft = create(db, org)
    with pytest.raises(ConflictError, match="no published version"):
        service.current_version(session=db, scorecard_id=draft.scorecard_id)
    with pytest.raises(NotFoundError):
        service.current_version(session=db, scorecard_id=draft.scorecard_id + 99)
    with pytest.raises(NotFoundError):
        service.get_version(session=db, version_id=draft.id + 99)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"weight": 0}, "definition.sections.0.questions.1.weight"),
     ({"critical": "sometimes"}, "definition.sections.0.questions.1.critical"),
     ({"colour": "red"}, "definition.sections.0.questions.1.colour"),
     ({"weight": float("nan")}, "definition.sections.0.questions.1.weight"),
     ({"weight": 1e300}, "definition.sections.0.questions.1.weight"),
     ({"text": "nul\x00"}, "definition.sections.0.questions.1.text")],
)  # fmt: skip
def test_it_refuses_a_definition_with_problems_naming_each_path(
    db: Session, org: Organisation, change: dict[str, Any], field: str
) -> None:
    definition = small()
    definition["sections"][0]["questions"][1].update(change)
    scorecard_in = ScorecardCreate(name="Bad", definition=definition)
    with pytest.raises(FieldError) as refused:
        service.create_scorecard(session=db, viewer=viewer(db, org, "ari"),
                                 scorecard_in=scorecard_in)  # fmt: skip
    assert field in [p.field for p in refused.value.problems]
    assert version_count(db) == 0


def test_card_of_reads_the_domain_scorecard_and_follows_an_edited_draft(
    db: Session, org: Organisation
) -> None:
    draft = create(db, org)
    card = service.card_of(draft)
    assert card.question("idv").critical is Critical.FAIL_ALL
    assert card.question("tone").answer_type is AnswerType.SCALE
    update = ScorecardVersionUpdate(definition=small(pass_mark=60))
    service.edit_draft(session=db, viewer=viewer(db, org, "quinn"), version_id=draft.id,
                       version_in=update)  # fmt: skip
    assert service.card_of(draft).pass_mark == 60


# --- who reads and who changes ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["ann", "lee", "meg", "cal", "pat"])
def test_only_quality_editors_change_scorecards(db: Session, org: Organisation, who: str) -> None:
    with pytest.raises(ForbiddenError, match="cannot change scorecards"):
        create(db, org, who=who)


def test_a_role_without_evaluations_reach_cannot_read_scorecards(
    db: Session, org: Organisation
) -> None:
    with pytest.raises(ForbiddenError):
        service.list_scorecards(session=db, viewer=viewer(db, org, "pat"), limit=10, offset=0)


def test_agents_read_published_versions_but_not_drafts(db: Session, org: Organisation) -> None:
    hidden = create(db, org, name="Hidden")
    shown = publish(db, org, create(db, org, name="Shown"))
    draft = new_version(db, org, shown.scorecard_id)
    ann = viewer(db, org, "ann")
    rows, _ = service.list_scorecards(session=db, viewer=ann, limit=10, offset=0)
    assert [(r.name, r.latest_version, r.published_version) for r in rows] == [("Shown", 1, 1)]
    assert service.visible_version(session=db, viewer=ann, version_id=shown.id).id == shown.id
    for invisible in (hidden, draft):
        with pytest.raises(NotFoundError):
            service.visible_version(session=db, viewer=ann, version_id=invisible.id)
    with pytest.raises(NotFoundError):
        service.get_scorecard(session=db, viewer=ann, scorecard_id=hidden.scorecard_id)
    detail = service.get_scorecard(session=db, viewer=ann, scorecard_id=shown.scorecard_id)
    assert [v.version for v in detail.versions] == [1]
    quinn = service.get_scorecard(session=db, viewer=viewer(db, org, "quinn"),
                                  scorecard_id=shown.scorecard_id)  # fmt: skip
    assert [(v.version, v.status) for v in quinn.versions] == [
        (1, VersionStatus.PUBLISHED), (2, VersionStatus.DRAFT),
    ]  # fmt: skip


# --- files ------------------------------------------------------------------------------------


def test_it_imports_the_example_scorecard_published(db: Session) -> None:
    version, made = import_text(db, EXAMPLE.read_text(), "customer_service.yaml")
    assert made
    assert version.status is VersionStatus.PUBLISHED
    card = service.card_of(version)
    assert (card.name, card.pass_mark, len(card.sections)) == (
        "Customer service (voice)", 80, 5,
    )  # fmt: skip
    assert card.question("idv_before_disclosure").critical is Critical.FAIL_ALL
    assert card.question("pci_card_handling").compliance
    assert card.question("complaint_logged").critical is Critical.FAIL_SECTION
    assert card.question("extra_mile").bonus
    assert version.change_note == "imported from customer_service.yaml"


def test_reimporting_the_same_definition_makes_no_new_version(db: Session) -> None:
    first, _ = import_text(db, EXAMPLE.read_text(), "cs.yaml")
    again, made = import_text(db, EXAMPLE.read_text(), "cs.yaml")
    assert (again.id, made, version_count(db)) == (first.id, False, 1)


def test_importing_a_changed_file_makes_the_next_version(db: Session) -> None:
    first, _ = import_text(db, json.dumps(small()), "small.json")
    second, made = import_text(db, json.dumps(small(pass_mark=90)), "small.json")
    db.refresh(first)
    assert made
    assert (second.version, second.status) == (2, VersionStatus.PUBLISHED)
    assert first.status is VersionStatus.RETIRED


def test_importing_over_a_draft_is_refused(db: Session) -> None:
    import_text(db, json.dumps(small()), "small.json", publish=False)
    with pytest.raises(ConflictError, match="has a draft already"):
        import_text(db, json.dumps(small(pass_mark=90)), "small.json")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_export_reads_back_equal(db: Session, fmt: Any) -> None:
    version, _ = import_text(db, EXAMPLE.read_text(), "cs.yaml")
    text = service.export_version(session=db, version_id=version.id, fmt=fmt)
    assert (json.loads(text) if fmt == "json" else yaml.safe_load(text)) == version.definition
    again, made = import_text(db, text, f"exported.{fmt}")
    assert (again.id, made) == (version.id, False)
    assert service.export_filename(version, fmt) == f"customer-service-voice-v1.{fmt}"


def file_error(text: str, filename: str = "card.yaml") -> ScorecardFileError:
    with pytest.raises(ScorecardFileError) as refused:
        file_definition(text, filename)
    return refused.value


def test_bad_yaml_names_the_line() -> None:
    refused = file_error("name: x\nsections:\n  - key: a\n    title: [unclosed\n")
    assert refused.location.line == 5
    assert str(refused).startswith("card.yaml, line 5: not valid YAML")


def test_bad_json_names_the_line() -> None:
    refused = file_error('{"name": "x",\n "sections": [,]}', "card.json")
    assert str(refused) == "card.json, line 2: not valid JSON: Expecting value"


def test_a_field_problem_names_the_line_of_the_field() -> None:
    text = EXAMPLE.read_text().replace("weight: 30", "weight: -30")
    refused = file_error(text)
    line = text.splitlines().index("    weight: -30") + 1
    assert (refused.location.line, refused.location.field) == (line, "sections.2.weight")
    assert str(refused) == f"card.yaml, line {line}, field 'sections.2.weight': must be more than 0"


def test_a_missing_field_names_the_line_of_its_parent_and_every_problem_is_listed() -> None:
    text = "name: x\nsections:\n  - key: a\n    questions:\n      - key: q\n        text: ''\n"
    refused = file_error(text)
    assert [(where.line, where.field) for where, _ in refused.problems] == [
        (3, "sections.0.title"), (6, "sections.0.questions.0.text"),
    ]  # fmt: skip
    assert "(and 1 more: line 6, field 'sections.0.questions.0.text'" in str(refused)


def test_an_unquoted_no_in_yaml_is_named_as_not_text() -> None:
    text = EXAMPLE.read_text().replace("label: Correctly transferred or escalated", "label: No")
    refused = file_error(text)
    assert refused.location.field == "sections.2.questions.1.choices.2.label"
    assert "expected text, got False" in refused.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [("a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e]\n",
      "too large: more than 50,000 values"),
     ("name: x\n1: y\n", "field names must be text"),
     ("[" * 5000, "not valid YAML"),
     ("name: x\npass_mark: .nan\n", "must be a number"),
     ("- just\n- a list\n", "a mapping with a name")],
)  # fmt: skip
def test_it_refuses_files_no_scorecard_could_come_from(text: str, reason: str) -> None:
    assert reason in str(file_error(text))
