"""Wellbeing: see docs/performance-management.md."""
