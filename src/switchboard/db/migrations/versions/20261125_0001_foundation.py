"""foundation: people, customers, interactions, surveys, ingest batches

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:01:25.108515
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_customers")),
    )
    op.create_table(
        "ingest_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.String(length=40),
            nullable=False,
            comment="adapter: queue-log, connect-ctr, csv",
        ),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("file_digest", sa.String(length=64), nullable=False, comment="SHA-256, hex"),
        sa.Column("file_bytes", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "completed",
                "completed_with_rejects",
                name="batch_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("lines_read", sa.Integer(), nullable=False),
        sa.Column("records_created", sa.Integer(), nullable=False),
        sa.Column("duplicates_skipped", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("unclosed", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_batches")),
    )
    with op.batch_alter_table("ingest_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ingest_batches_file_digest"), ["file_digest"], unique=False
        )

    op.create_table(
        "queues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "voice",
                "email",
                "chat",
                "sms",
                "social",
                "task",
                name="channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "service_level_seconds",
            sa.Integer(),
            nullable=False,
            comment="threshold T of service level",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queues")),
        sa.UniqueConstraint("name", name=op.f("uq_queues_name")),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
        sa.UniqueConstraint("name", name=op.f("uq_sites_name")),
    )
    op.create_table(
        "customer_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_key", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "phone",
                "email",
                "account",
                "handle",
                name="identity_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_key"],
            ["customers.key"],
            name=op.f("fk_customer_identities_customer_key_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_identities")),
        sa.UniqueConstraint(
            "customer_key",
            "kind",
            "value",
            name=op.f("uq_customer_identities_customer_key_kind_value"),
        ),
    )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "agent",
                "team_leader",
                "quality_analyst",
                "planner",
                "manager",
                "compliance",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_users_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["leader_id"], ["users.id"], name=op.f("fk_teams_leader_id_users")),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_teams_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("site_id", "name", name=op.f("uq_teams_site_id_name")),
    )
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column(
            "started_on",
            sa.Date(),
            nullable=True,
            comment="first day on the floor, for new-starter rules",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_agents_team_id_teams")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_agents_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("user_id", name=op.f("uq_agents_user_id")),
    )
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agents_team_id"), ["team_id"], unique=False)

    op.create_table(
        "agent_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("source_system", sa.String(length=40), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_aliases_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_aliases")),
        sa.UniqueConstraint(
            "source_system",
            "external_ref",
            name=op.f("uq_agent_aliases_source_system_external_ref"),
        ),
    )
    with op.batch_alter_table("agent_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_aliases_agent_id"), ["agent_id"], unique=False)

    op.create_table(
        "agent_skills",
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column(
            "level", sa.Integer(), nullable=False, comment="proficiency, 1 (learning) to 5 (expert)"
        ),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_skills_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"],
            ["queues.id"],
            name=op.f("fk_agent_skills_queue_id_queues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agent_id", "queue_id", name=op.f("pk_agent_skills")),
    )
    op.create_table(
        "agent_state_intervals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_system", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "logged_in",
                "available",
                "on_contact",
                "wrap_up",
                "break",
                "lunch",
                "training",
                "meeting",
                "coaching",
                "offline",
                name="agent_state",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "reason",
            sa.String(length=200),
            nullable=True,
            comment="pause reason as the source gave it",
        ),
        sa.Column("queue_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_agent_state_intervals_agent_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["ingest_batches.id"],
            name=op.f("fk_agent_state_intervals_batch_id_ingest_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_agent_state_intervals_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_state_intervals")),
        sa.UniqueConstraint(
            "source_system",
            "source_id",
            name=op.f("uq_agent_state_intervals_source_system_source_id"),
        ),
    )
    with op.batch_alter_table("agent_state_intervals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_state_intervals_agent_id"),
            ["agent_id", "started_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_agent_state_intervals_batch_id"), ["batch_id"], unique=False
        )

    op.create_table(
        "interactions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_system", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column(
            "contact_ref",
            sa.String(length=200),
            nullable=False,
            comment="the contact this segment is part of",
        ),
        sa.Column("segment", sa.Integer(), nullable=False),
        sa.Column("previous_source_id", sa.String(length=200), nullable=True),
        sa.Column(
            "previous_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "voice",
                "email",
                "chat",
                "sms",
                "social",
                "task",
                name="channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "direction",
            sa.Enum(
                "inbound", "outbound", name="direction", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("queue_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("customer_key", sa.String(length=64), nullable=True),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wrap_ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wait_seconds", sa.Double(), nullable=False),
        sa.Column("talk_seconds", sa.Double(), nullable=False),
        sa.Column("hold_seconds", sa.Double(), nullable=False),
        sa.Column("wrap_seconds", sa.Double(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "answered",
                "abandoned",
                "timed_out",
                "transferred",
                "callback",
                "overflowed",
                "phantom",
                name="outcome",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("disposition", sa.String(length=200), nullable=True),
        sa.Column("transferred", sa.Boolean(), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column(
            "source_updated_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="the source's own last-update time; a newer record replaces an older one",
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_interactions_agent_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["ingest_batches.id"],
            name=op.f("fk_interactions_batch_id_ingest_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_key"], ["customers.key"], name=op.f("fk_interactions_customer_key_customers")
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["interactions.id"],
            name=op.f("fk_interactions_previous_id_interactions"),
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_interactions_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
        sa.UniqueConstraint(
            "source_system", "source_id", name=op.f("uq_interactions_source_system_source_id")
        ),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interactions_agent_id"), ["agent_id", "arrived_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interactions_arrived_at"), ["arrived_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_interactions_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interactions_customer_key"), ["customer_key", "arrived_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interactions_queue_id"), ["queue_id", "arrived_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interactions_source_system"),
            ["source_system", "contact_ref"],
            unique=False,
        )

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_system", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("interaction_source_system", sa.String(length=40), nullable=False),
        sa.Column("interaction_source_id", sa.String(length=200), nullable=False),
        sa.Column(
            "interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "csat", "nps", "ces", name="survey_kind", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("scale_min", sa.Double(), nullable=False),
        sa.Column("scale_max", sa.Double(), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True, comment="verbatim; may hold personal data"),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["ingest_batches.id"],
            name=op.f("fk_survey_responses_batch_id_ingest_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_survey_responses_interaction_id_interactions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint(
            "source_system", "source_id", name=op.f("uq_survey_responses_source_system_source_id")
        ),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_responses_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_responses_interaction_id"), ["interaction_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_responses_interaction_source_system"),
            ["interaction_source_system", "interaction_source_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_responses_interaction_source_system"))
        batch_op.drop_index(batch_op.f("ix_survey_responses_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_survey_responses_batch_id"))

    op.drop_table("survey_responses")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_source_system"))
        batch_op.drop_index(batch_op.f("ix_interactions_queue_id"))
        batch_op.drop_index(batch_op.f("ix_interactions_customer_key"))
        batch_op.drop_index(batch_op.f("ix_interactions_batch_id"))
        batch_op.drop_index(batch_op.f("ix_interactions_arrived_at"))
        batch_op.drop_index(batch_op.f("ix_interactions_agent_id"))

    op.drop_table("interactions")
    with op.batch_alter_table("agent_state_intervals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_state_intervals_batch_id"))
        batch_op.drop_index(batch_op.f("ix_agent_state_intervals_agent_id"))

    op.drop_table("agent_state_intervals")
    op.drop_table("agent_skills")
    with op.batch_alter_table("agent_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_aliases_agent_id"))

    op.drop_table("agent_aliases")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agents_team_id"))

    op.drop_table("agents")
    op.drop_table("teams")
    op.drop_table("users")
    op.drop_table("customer_identities")
    op.drop_table("sites")
    op.drop_table("queues")
    with op.batch_alter_table("ingest_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_batches_file_digest"))

    op.drop_table("ingest_batches")
    op.drop_table("customers")
