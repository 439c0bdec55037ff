"""Evaluations of contacts against a scorecard version, their answers, disputes and score history."""
