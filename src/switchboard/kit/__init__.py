"""Generic helpers with no business rules: errors, time, batching."""
