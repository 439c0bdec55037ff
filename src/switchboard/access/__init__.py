"""Who sees which people data: the one policy every query for people data applies."""
