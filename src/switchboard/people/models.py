"""Sites, teams, users, agents, queues and the skills that route contacts to agents."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import str_enum
from switchboard.kit.clock import utcnow


class Role(StrEnum):
    AGENT = "agent"
    TEAM_LEADER = "team_leader"
    QUALITY_ANALYST = "quality_analyst"
    PLANNER = "planner"
    MANAGER = "manager"
    COMPLIANCE = "compliance"
    ADMIN = "admin"


class Channel(StrEnum):
    VOICE = "voice"
    EMAIL = "email"
    CHAT = "chat"
    SMS = "sms"
    SOCIAL = "social"
    TASK = "task"


# Industry defaults: 80/20 for voice; written channels are measured in hours, not seconds.
DEFAULT_SERVICE_LEVEL_SECONDS = {
    Channel.VOICE: 20,
    Channel.CHAT: 60,
    Channel.SMS: 3600,
    Channel.SOCIAL: 3600,
    Channel.EMAIL: 3600,
    Channel.TASK: 3600,
}


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class User(Base):
    """Someone who signs in. Agents who sign in also have an :class:`Agent` row."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    email: Mapped[str | None] = mapped_column(String(320))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Agent(Base):
    """A person who handles contacts. Ingestion creates agents it has not seen before."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    started_on: Mapped[date | None] = mapped_column(
        comment="first day on the floor, for new-starter rules"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgentAlias(Base):
    """How a source system names an agent: ``SIP/1001`` in Asterisk, a username in Connect."""

    __tablename__ = "agent_aliases"
    __table_args__ = (UniqueConstraint("source_system", "external_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    source_system: Mapped[str] = mapped_column(String(40))
    external_ref: Mapped[str] = mapped_column(String(200))


class Queue(Base):
    __tablename__ = "queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    service_level_seconds: Mapped[int] = mapped_column(comment="threshold T of service level")


class AgentSkill(Base):
    """An agent may take contacts from a queue; a lower priority number is offered first."""

    __tablename__ = "agent_skills"

    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True
    )
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[int] = mapped_column(default=1, comment="proficiency, 1 (learning) to 5 (expert)")
    priority: Mapped[int] = mapped_column(default=1)
