"""Queueing science for contact centres: Erlang B, C and A, staffing, and simulation.

Every time is in seconds and every rate is per second. Pure: no I/O.
"""
