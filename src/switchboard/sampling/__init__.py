"""Sampling rules that pick contacts for evaluation each week, and the assignments they make."""
