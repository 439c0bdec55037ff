"""Quality reports: the QA trend, most-failed questions, compliance failures and evaluator workload."""
