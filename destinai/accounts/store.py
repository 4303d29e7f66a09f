"""The account store: users, sessions, API tokens, password resets, log-in throttling.

Every function opens its own transaction, so the web layer (threads) and the CLI share it.
Secrets (session ids, API tokens, reset tokens) are random 256-bit values of which only the
SHA-256 is stored: a copy of the database does not let anyone in.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from destinai.accounts import db, passwords
from destinai.accounts.credentials import TokensAndResets
from destinai.accounts.errors import AccountError, BadCredentials, ItemNotFound, Throttled
from destinai.accounts.identity import Account, account_of, digest, iso, normalise_email
from destinai.accounts.mailer import Mailer, mailer_from_env
from destinai.accounts.models import (
    ApiToken,
    AppSetting,
    LoginFailure,
    LoginSession,
    PasswordReset,
    Plan,
    PlanSkill,
    SavedJobProfile,
    ShortlistItem,
    SkillsProfile,
    User,
    utcnow,
)
from destinai.accounts.saved import SavedWork

SESSION_LIFETIME = timedelta(days=30)
SESSION_TOUCH = timedelta(minutes=5)
THROTTLE_WINDOW = timedelta(minutes=1)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20  # schools and job centres share one address


class AccountStore(TokensAndResets):
    """Typed access to the user database."""

    def __init__(self, engine: Engine, mailer: Mailer | None = None) -> None:
        self.engine = engine
        self.mailer = mailer or mailer_from_env()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.saved = SavedWork(self._sessions)
        self._secret: bytes | None = None

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> AccountStore:
        """Open (and by default migrate to the newest revision) the user database."""
        engine = db.make_engine(url)
        if migrate:
            db.upgrade(engine)
        return cls(engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in a transaction, committed on success."""
        with self._sessions.begin() as session:
            yield session

    # -- users -------------------------------------------------------------------------------
    def create_user(self, email: str, password: str) -> Account:
        """Create an account; AccountError/PasswordRejected say what is wrong."""
        address = normalise_email(email)
        passwords.check_policy(password, address)
        try:
            with self.transaction() as s:
                user = User(email=address, password_hash=passwords.hash_password(password))
                s.add(user)
                s.flush()
                return account_of(user)
        except IntegrityError as exc:
            raise AccountError("An account with this e-mail address already exists: "
                               "log in or reset the password.") from exc

    def get_user(self, user_id: int) -> Account | None:
        """The account with ``user_id``, if any."""
        with self._sessions() as s:
            user = s.get(User, user_id)
            return account_of(user) if user else None

    def authenticate(self, email: str, password: str, address: str) -> Account:
        """Check a log-in. Raises Throttled after too many failures, else BadCredentials."""
        key = email.strip().lower()[:254]
        address = address[:64]
        with self.transaction() as s:
            now = utcnow()
            since = now - THROTTLE_WINDOW
            recent = select(func.count(), func.min(LoginFailure.at)).where(LoginFailure.at > since)
            per_account = s.execute(recent.where(LoginFailure.email == key)).one()
            per_address = s.execute(recent.where(LoginFailure.address == address)).one()
            for (count, oldest), limit, what in ((per_account, MAX_FAILURES_PER_ACCOUNT,
                                                  "this account"),
                                                 (per_address, MAX_FAILURES_PER_ADDRESS,
                                                  "your network address")):
                if count >= limit:
                    wait = max(1, int((oldest + THROTTLE_WINDOW - now).total_seconds()) + 1)
                    raise Throttled(f"Too many failed log-in attempts for {what}. Wait "
                                    f"{wait} seconds and try again, or reset your password.",
                                    wait)
            user = s.scalar(select(User).where(User.email == key))
            ok = passwords.verify_password(user.password_hash if user else
                                           passwords.dummy_hash(), password)
            if not (user and ok):
                s.add(LoginFailure(email=key, address=address, at=now))
                s.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(days=1)))
                failed = True
            else:
                s.execute(delete(LoginFailure).where(LoginFailure.email == key))
                if passwords.needs_rehash(user.password_hash):
                    user.password_hash = passwords.hash_password(password)
                failed = False
        if failed:
            raise BadCredentials("Wrong e-mail address or password.")
        assert user is not None
        return account_of(user)

    def change_password(self, user_id: int, current: str, new: str,
                        keep_session: str | None = None) -> None:
        """Change the password; every other session of the user is ended."""
        with self.transaction() as s:
            user = s.get(User, user_id)
            if user is None or not passwords.verify_password(user.password_hash, current):
                raise BadCredentials("The current password is not right.")
            passwords.check_policy(new, user.email)
            user.password_hash = passwords.hash_password(new)
            user.password_changed_at = utcnow()
            keep = digest(keep_session) if keep_session else ""
            s.execute(delete(LoginSession).where(LoginSession.user_id == user_id,
                                                 LoginSession.id != keep))

    def set_admin(self, email: str, is_admin: bool = True) -> Account:
        """Grant (or take away) the admin role."""
        with self.transaction() as s:
            user = s.scalar(select(User).where(User.email == normalise_email(email)))
            if user is None:
                raise AccountError(f"No account with e-mail address {email}.")
            user.is_admin = is_admin
            return account_of(user)

    def delete_user(self, user_id: int) -> None:
        """Remove the account and every row stored about it."""
        with self.transaction() as s:
            user = s.get(User, user_id)
            if user is None:
                raise ItemNotFound("no such account")
            s.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
            plans = select(Plan.id).where(Plan.user_id == user_id)
            s.execute(delete(PlanSkill).where(PlanSkill.plan_id.in_(plans)))
            for model in (Plan, SkillsProfile, ShortlistItem, SavedJobProfile, ApiToken,
                          LoginSession, PasswordReset):
                s.execute(delete(model).where(model.user_id == user_id))
            s.delete(user)

    # -- sessions ----------------------------------------------------------------------------
    def start_session(self, user_id: int) -> str:
        """A new session for the user; returns the cookie value (a fresh random id)."""
        token = secrets.token_urlsafe(32)
        with self.transaction() as s:
            now = utcnow()
            s.add(LoginSession(id=digest(token), user_id=user_id, created_at=now,
                               last_seen_at=now, expires_at=now + SESSION_LIFETIME))
            s.execute(delete(LoginSession).where(LoginSession.user_id == user_id,
                                                 LoginSession.expires_at < now))
        return token

    def session_user(self, token: str) -> Account | None:
        """The account behind a session cookie, or None when unknown or expired."""
        if not token or len(token) > 100:
            return None
        with self._sessions() as s:
            found = s.execute(select(LoginSession, User).join(User, User.id == LoginSession.user_id)
                              .where(LoginSession.id == digest(token))).first()
            now = utcnow()
            if found is None or found[0].expires_at < now:
                return None
            row, user = found
            if now - row.last_seen_at > SESSION_TOUCH:
                row.last_seen_at = now
                s.commit()
            return account_of(user)

    def end_session(self, token: str) -> None:
        """Log out: forget the session."""
        with self.transaction() as s:
            s.execute(delete(LoginSession).where(LoginSession.id == digest(token)))

    # -- app secret, admin, export -----------------------------------------------------------
    def secret(self) -> bytes:
        """The app's CSRF secret: generated once, kept in the database (shared by workers)."""
        if self._secret is not None:
            return self._secret
        with self.transaction() as s:
            row = s.get(AppSetting, "secret_key")
            if row is None:
                row = AppSetting(key="secret_key", value=secrets.token_hex(32))
                s.add(row)
            self._secret = row.value.encode()
            return self._secret

    def counts(self) -> dict[str, int]:
        """Row counts for the admin page: how many, never whose or what."""
        with self._sessions() as s:
            return {name: s.scalar(select(func.count()).select_from(model)) or 0
                    for name, model in (("users", User), ("sessions", LoginSession),
                                        ("skills_profiles", SkillsProfile),
                                        ("shortlist_items", ShortlistItem), ("plans", Plan),
                                        ("job_profiles", SavedJobProfile),
                                        ("api_tokens", ApiToken))}

    def export(self, user_id: int) -> dict:
        """Everything stored about the user, as one JSON-ready dict."""
        with self._sessions() as s:
            user = s.get(User, user_id)
            if user is None:
                raise ItemNotFound("no such account")
            sessions = s.scalars(select(LoginSession).where(LoginSession.user_id == user_id))
            failures = s.scalars(select(LoginFailure.at).where(LoginFailure.email == user.email))
            resets = s.scalars(select(PasswordReset).where(PasswordReset.user_id == user_id))
            data = {
                "account": {"email": user.email, "is_admin": user.is_admin,
                            "created_at": iso(user.created_at),
                            "password_changed_at": iso(user.password_changed_at)},
                "sessions": [{"created_at": iso(r.created_at), "last_seen_at":
                              iso(r.last_seen_at), "expires_at": iso(r.expires_at)}
                             for r in sessions],
                "api_tokens": self.list_tokens(user_id),
                "password_resets": [{"expires_at": iso(r.expires_at), "used_at":
                                     iso(r.used_at)} for r in resets],
                "recent_failed_logins": [iso(at) for at in failures],
            }
        data.update(self.saved.export(user_id))
        return {"exported_at": iso(utcnow()), **data}
