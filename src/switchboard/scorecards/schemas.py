"""What the scorecards API takes and answers. A definition is the scorecard file's own shape
(``docs/quality.md``), checked by ``domain.quality.scorecard.from_dict`` in the service, so
the API, the files and the builder agree on one format."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.feedback.schemas import Title
from switchboard.kit.text import storable

MAX_NAME = 200
"""The store's limit on a scorecard's name (``scorecards.name``)."""
MAX_FILE = 1_000_000
"""Characters of an imported file: a scorecard of a hundred questions is some 20,000."""

Note = Annotated[str, Field(max_length=2000), AfterValidator(storable)]
Definition = Annotated[
    dict[str, Any],
    Field(description="The scorecard in its file shape: `name`, `description`, `pass_mark`, "
          "`sections` of `questions` (docs/quality.md). Its `name` is always the scorecard's."),
]  # fmt: skip
ExportFormat = Literal["json", "yaml"]


class ScorecardCreate(BaseModel):
    """A new scorecard: its version 1, as a draft."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[Title, Field(max_length=MAX_NAME)]
    definition: Definition
    change_note: Note = ""


class ScorecardVersionCreate(BaseModel):
    """A new draft version: a copy of the latest version, or the definition given."""

    model_config = ConfigDict(extra="forbid")

    definition: Definition | None = None
    change_note: Note = Field(default="", description="What changed and why.")


class ScorecardVersionUpdate(BaseModel):
    """A draft's new definition, replacing the one it had."""

    model_config = ConfigDict(extra="forbid")

    definition: Definition
    change_note: Note | None = Field(default=None, description="Null keeps the note it has.")


class ScorecardImport(BaseModel):
    """A scorecard file as text: a new scorecard, or a new version of the one with its name."""

    model_config = ConfigDict(extra="forbid")

    filename: Annotated[str, AfterValidator(storable)] = Field(
        min_length=1, max_length=255, description="`.json`, `.yaml` or `.yml` says how to read "
        "`text`; any other name is read by its content.",
    )  # fmt: skip
    text: str = Field(max_length=MAX_FILE)
    publish: bool = Field(default=True, description="Publish the version (else a draft).")


class ScorecardVersionSummaryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    status: VersionStatus
    change_note: str
    created_at: datetime
    published_at: datetime | None


class ScorecardRead(BaseModel):
    id: int
    name: str
    description: str = Field(description="The latest version's description.")
    created_at: datetime
    latest_version: int = Field(description="The highest version number the viewer may read.")
    latest_version_id: int
    published_version: int | None = Field(description="The version evaluations now use.")
    published_version_id: int | None


class ScorecardDetailRead(ScorecardRead):
    versions: list[ScorecardVersionSummaryRead] = Field(description="Oldest first.")


class ScorecardVersionRead(BaseModel):
    id: int
    scorecard_id: int
    name: str
    version: int
    status: VersionStatus = Field(description="`draft` (editable), `published` (immutable, "
                                  "in use) or `retired` (replaced; evaluations keep it).")  # fmt: skip
    change_note: str
    created_at: datetime
    created_by: int | None = Field(description="The user's id; null for an import from the CLI.")
    published_at: datetime | None
    section_count: int
    question_count: int
    definition: dict[str, Any]
