"""API tokens and password resets: random secrets of which only the SHA-256 is stored."""

from __future__ import annotations

import secrets
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from destinai.accounts import passwords
from destinai.accounts.errors import AccountError, ItemNotFound
from destinai.accounts.identity import Account, account_of, digest, iso, normalise_email
from destinai.accounts.models import (
    ApiToken,
    LoginFailure,
    LoginSession,
    PasswordReset,
    User,
    utcnow,
)

if TYPE_CHECKING:
    from destinai.accounts.mailer import Mailer

RESET_LIFETIME = timedelta(hours=1)
MAX_PENDING_RESETS = 3
TOKEN_TOUCH = timedelta(minutes=5)


class TokensAndResets:
    """The token and reset half of AccountStore (which provides the attributes below)."""

    mailer: Mailer
    _sessions: sessionmaker[Session]

    def transaction(self) -> AbstractContextManager[Session]:  # pragma: no cover - AccountStore
        raise NotImplementedError

    # -- API tokens --------------------------------------------------------------------------
    def create_token(self, user_id: int, name: str) -> tuple[str, dict]:
        """A new API token; the raw value is returned once and never stored."""
        name = name.strip()[:100] or "API token"
        raw = "dst_" + secrets.token_urlsafe(32)
        with self.transaction() as s:
            row = ApiToken(user_id=user_id, name=name, token_hash=digest(raw), prefix=raw[:10])
            s.add(row)
            s.flush()
            return raw, _token_dict(row)

    def list_tokens(self, user_id: int) -> list[dict]:
        """The user's tokens (name, prefix, dates; never the value)."""
        with self._sessions() as s:
            rows = s.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                             .order_by(ApiToken.id))
            return [_token_dict(r) for r in rows]

    def revoke_token(self, user_id: int, token_id: int) -> None:
        """Delete one of the user's tokens (ItemNotFound for anyone else's)."""
        with self.transaction() as s:
            done = s.execute(delete(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == user_id))
            if not getattr(done, "rowcount", 0):
                raise ItemNotFound(f"no API token {token_id}")

    def token_user(self, raw: str) -> Account | None:
        """The account an API token belongs to."""
        if not raw.startswith("dst_") or len(raw) > 100:
            return None
        with self.transaction() as s:
            row = s.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw)))
            if row is None:
                return None
            now = utcnow()
            if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH:
                row.last_used_at = now
            user = s.get(User, row.user_id)
            return account_of(user) if user else None

    # -- password reset ----------------------------------------------------------------------
    def request_reset(self, email: str, base_url: str) -> None:
        """Mail a reset link when the account exists; silent otherwise (no enumeration), and
        silent while three unused links of the last hour are pending."""
        try:
            address = normalise_email(email)
        except AccountError:
            return
        token = secrets.token_urlsafe(32)
        with self.transaction() as s:
            user = s.scalar(select(User).where(User.email == address))
            if user is None:
                return
            pending = s.scalar(select(func.count()).select_from(PasswordReset).where(
                PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None),
                PasswordReset.expires_at > utcnow()))
            if (pending or 0) >= MAX_PENDING_RESETS:  # no mail flood through the form
                return
            s.add(PasswordReset(token_hash=digest(token), user_id=user.id,
                                expires_at=utcnow() + RESET_LIFETIME))
        link = f"{base_url.rstrip('/')}/reset-password?token={token}"
        self.mailer.send(address, "Reset your DestinAI password",
                         f"Open this link within an hour to choose a new password:\n{link}\n"
                         "If you did not ask for it, ignore this message.")

    def reset_password(self, token: str, new: str) -> Account:
        """Set a new password with a reset token (single use); ends every session."""
        with self.transaction() as s:
            row = s.get(PasswordReset, digest(token)) if token else None
            if row is None or row.used_at is not None or row.expires_at < utcnow():
                raise AccountError("This reset link is invalid or has expired: ask for a new "
                                   "one.")
            user = s.get(User, row.user_id)
            assert user is not None
            passwords.check_policy(new, user.email)
            user.password_hash = passwords.hash_password(new)
            user.password_changed_at = row.used_at = utcnow()
            s.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
            s.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
            return account_of(user)


def _token_dict(row: ApiToken) -> dict:
    return {"id": row.id, "name": row.name, "prefix": row.prefix,
            "created_at": iso(row.created_at), "last_used_at": iso(row.last_used_at)}
