"""KPI aggregates kept up to date during ingestion, targets, and the reports built on them."""
