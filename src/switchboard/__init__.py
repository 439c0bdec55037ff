"""Switchboard: a contact centre's performance loop, from raw contact data to coaching."""

__version__ = "0.1.0"
