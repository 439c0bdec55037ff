"""audit log: append-only, hash-chained

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:12:40.318204

The triggers make the database itself refuse UPDATE and DELETE on ``audit_log`` (and TRUNCATE on
PostgreSQL), whoever connects. A later migration must never rebuild this table with SQLite's
batch mode: the copy would be made without these triggers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "audit_log is append-only"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER audit_log_refuse_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
]

POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSAL}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$""",
    """CREATE TRIGGER audit_log_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()""",
    # TRUNCATE fires no row triggers, so it needs a statement trigger of its own.
    """CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()""",
]


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "actor_user_id",
            sa.Integer(),
            nullable=True,
            comment="the signed-in user; empty for the system or an anonymous request",
        ),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column(
            "details",
            sa.JSON(),
            nullable=True,
            comment="ids, counts and flags only; never personal data",
        ),
        sa.Column(
            "prev_hash",
            sa.String(length=64),
            nullable=False,
            comment="row_hash of the row before; SHA-256, hex",
        ),
        sa.Column(
            "row_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256, hex, of prev_hash and this row",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_occurred_at"), ["occurred_at"], unique=False)

    # After the indexes: on SQLite, batch mode may rebuild the table, which would lose triggers.
    is_postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if is_postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_refuse_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_refuse_update_delete ON audit_log")
        op.execute("DROP FUNCTION audit_log_refuse_change()")
    else:
        op.execute("DROP TRIGGER audit_log_refuse_delete")
        op.execute("DROP TRIGGER audit_log_refuse_update")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
