"""Improvements: see docs/performance-management.md."""
