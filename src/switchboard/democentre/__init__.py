"""The demo centre: a simulated retail bank's contact centre, written as CSV and ingested.

``switchboard demo generate`` builds it: four queues across voice, chat and e-mail with a bank's
daily and weekly arrival curves, sixty agents in three skill groups on rosters with breaks,
lunches and training, customers who come back when their problem was not solved, and surveys
whose scores follow the wait and the outcome. Everything is deterministic under a seed.
"""
