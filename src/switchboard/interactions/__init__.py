"""Interactions (one per queue visit) and agent state intervals."""
