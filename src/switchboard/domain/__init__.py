"""Pure maths with no I/O: KPI formulas, queueing, simulation, QA scoring and statistics.

Inputs are plain values and frozen dataclasses; only the standard library, NumPy and SciPy are
used, so a planner can import it in a notebook. ``tests/test_architecture.py`` enforces this.
"""
