"""Getting a centre's history in: Asterisk queue_log, Amazon Connect CTRs, CSV and JSON Lines."""
