"""Quality scorecards, versioned: a published version never changes (docs/quality.md)."""
