"""Customer survey responses: CSAT, NPS and CES."""
