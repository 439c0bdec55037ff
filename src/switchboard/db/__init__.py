"""Store infrastructure: engine, sessions, the declarative base and Alembic migrations."""
