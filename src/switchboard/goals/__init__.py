"""Goals: see docs/performance-management.md."""
