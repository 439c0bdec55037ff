"""Customers, held under a pseudonymous key with identifying details kept apart."""
