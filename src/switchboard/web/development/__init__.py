"""The development pages: "My development", "Team development", one agent's development and the
one-to-one agenda (docs/web.md, docs/performance-management.md)."""
