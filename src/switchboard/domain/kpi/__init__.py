"""KPI formulas, settings and the registry: pure functions of counts and sums, no I/O."""

from switchboard.domain.kpi.measures import ALL_MEASURES, Measures, empty, merge_into, merged
from switchboard.domain.kpi.registry import KPIS, REGISTRY, Better, Family, Kpi, Unit, compute_all
from switchboard.domain.kpi.settings import WAIT_EDGES, AbandonTreatment, KpiSettings
from switchboard.domain.kpi.targets import Rag, Target, rag

__all__ = [
    "ALL_MEASURES", "KPIS", "REGISTRY", "WAIT_EDGES", "AbandonTreatment", "Better", "Family",
    "Kpi", "KpiSettings", "Measures", "Rag", "Target", "Unit", "compute_all", "empty",
    "merge_into", "merged", "rag",
]  # fmt: skip
