"""Actions: see docs/performance-management.md."""
