"""Reflections: see docs/performance-management.md."""
