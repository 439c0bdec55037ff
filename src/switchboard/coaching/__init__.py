"""Coaching: see docs/performance-management.md."""
