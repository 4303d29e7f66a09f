"""Small shared pieces: the Account value, e-mail normalisation, secret digests, timestamps."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from destinai.accounts.errors import AccountError
from destinai.accounts.models import User

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


@dataclass(frozen=True)
class Account:
    """A signed-in user as the web layer sees it."""

    id: int
    email: str
    is_admin: bool
    created_at: datetime


def account_of(user: User) -> Account:
    """The Account value of a user row."""
    return Account(user.id, user.email, user.is_admin, user.created_at)


def normalise_email(email: str) -> str:
    """The stored form of an address (trimmed, lower-case); AccountError if it is not one."""
    value = email.strip().lower()
    if len(value) > 254 or not EMAIL.match(value):
        raise AccountError("Enter a valid e-mail address, like name@example.org.")
    return value


def digest(secret: str) -> str:
    """The SHA-256 (hex) under which a secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def iso(value: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, or None."""
    return value.isoformat(timespec="seconds") + "Z" if value else None
