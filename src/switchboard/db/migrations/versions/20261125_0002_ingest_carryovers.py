"""ingest carryovers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:15:31.541925
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ingest_carryovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_system", sa.String(length=40), nullable=False),
        sa.Column("adapter", sa.String(length=40), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_carryovers")),
        sa.UniqueConstraint(
            "source_system", "adapter", name=op.f("uq_ingest_carryovers_source_system_adapter")
        ),
    )


def downgrade() -> None:
    op.drop_table("ingest_carryovers")
