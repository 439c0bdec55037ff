"""Feedback: see docs/performance-management.md."""
