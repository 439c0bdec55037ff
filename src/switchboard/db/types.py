"""Column helpers shared by every feature's models."""

from enum import StrEnum

from sqlalchemy import BigInteger, Enum, Integer

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL wants 64 bits for event tables.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def str_enum(enum: type[StrEnum], name: str) -> Enum:
    """Store a StrEnum as its value in a VARCHAR with a CHECK constraint (portable, readable)."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
