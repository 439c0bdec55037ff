"""docs/kpis.md is generated from the registry; this fails when either changes alone."""

from pathlib import Path

from switchboard.domain.kpi import KPIS
from switchboard.kpis import docs

KPI_DOCS = Path(__file__).resolve().parents[2] / "docs" / "kpis.md"


def test_docs_kpis_md_is_what_the_registry_generates() -> None:
    assert KPI_DOCS.read_text(encoding="utf-8") == docs.render(), (
        "docs/kpis.md is out of date: run `switchboard kpis docs > docs/kpis.md`"
    )


def test_every_kpi_has_its_own_section_with_its_formula() -> None:
    text = KPI_DOCS.read_text(encoding="utf-8")
    for kpi in KPIS:
        assert f"\n## {kpi.name}\n" in text
        assert kpi.formula[1:] in text
