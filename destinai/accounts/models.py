"""The user database: accounts, their sessions and tokens, and the work they save.

It lives apart from the read-only catalog. Saved items refer to ESCO URIs and keep a label
snapshot, so they survive a catalog rebuild even when a release drops the concept.
Times are naive UTC (SQLite keeps no zone; PostgreSQL gets ``timestamp without time zone``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Now, as naive UTC (the one convention of this database)."""
    return datetime.now(UTC).replace(tzinfo=None)


NAMING = {"ix": "ix_%(table_name)s_%(column_0_name)s",
          "uq": "uq_%(table_name)s_%(column_0_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    """Declarative base of the user database (named constraints, for Alembic on SQLite)."""

    metadata = MetaData(naming_convention=NAMING)


class AppSetting(Base):
    """Key/value settings the app generates once (the CSRF secret)."""

    __tablename__ = "app_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """An account: e-mail (lower-cased), argon2 hash, role."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LoginSession(Base):
    """A server-side session; ``id`` is the SHA-256 of the cookie value, never the value."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class PasswordReset(Base):
    """A single-use reset token (stored hashed), valid for an hour."""

    __tablename__ = "password_resets"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SkillsProfile(Base):
    """A skills profile: reviewed skills (URI + label), titles, studies, interests."""

    __tablename__ = "skills_profiles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    skills: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    titles: Mapped[list[str]] = mapped_column(JSON, default=list)
    studies: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ShortlistItem(Base):
    """An occupation on the shortlist, with the user's note."""

    __tablename__ = "shortlist_items"
    __table_args__ = (UniqueConstraint("user_id", "occupation_uri"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    occupation_uri: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(500))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Plan(Base):
    """A route from a current to a target occupation, with the skills to learn."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    from_uri: Mapped[str | None] = mapped_column(String(255), nullable=True)
    from_label: Mapped[str] = mapped_column(String(500), default="")
    to_uri: Mapped[str] = mapped_column(String(255))
    to_label: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    skills: Mapped[list[PlanSkill]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanSkill.position",
        passive_deletes=True)


class PlanSkill(Base):
    """One skill of a plan; ``learned_at`` is set when the user ticks it off."""

    __tablename__ = "plan_skills"
    __table_args__ = (UniqueConstraint("plan_id", "skill_uri"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    skill_uri: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)
    learned_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    plan: Mapped[Plan] = relationship(back_populates="skills")


class SavedJobProfile(Base):
    """A job profile the user saved (the profile is regenerated from the catalog on view)."""

    __tablename__ = "job_profiles"
    __table_args__ = (UniqueConstraint("user_id", "occupation_uri"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    occupation_uri: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ApiToken(Base):
    """A personal API token (revision 0002); only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class LoginFailure(Base):
    """A failed log-in (revision 0002): the throttle counts these per account and address."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
