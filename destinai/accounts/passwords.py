"""Password hashing (argon2id via argon2-cffi) and the password policy.

Policy: at least 10 characters, at most 1,024; not one of the 19,640 common passwords shipped
in ``data/common-passwords.txt.gz`` (the list Django ships, BSD licence beside it), compared
case-insensitively; not the account's e-mail address or its local part.
"""

from __future__ import annotations

import gzip
import os
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 1024
COMMON_LIST = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"



@cache
def _hasher() -> PasswordHasher:
    """argon2id, RFC 9106 low-memory profile (t=3, 64 MiB, p=4) unless ``DESTINAI_ARGON2``
    sets e.g. ``t=2,m=19456,p=1`` (OWASP's minimum) for a small host or a test run."""
    spec = os.environ.get("DESTINAI_ARGON2", "").strip()
    if not spec:
        return PasswordHasher()
    values = dict(part.split("=", 1) for part in spec.split(","))
    return PasswordHasher(time_cost=int(values.get("t", 3)),
                          memory_cost=int(values.get("m", 65536)),
                          parallelism=int(values.get("p", 4)))



class PasswordRejected(ValueError):
    """The password breaks the policy; the message says which rule."""


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common (breached) passwords, case-folded."""
    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().casefold() for line in fh if line.strip())


def check_policy(password: str, email: str = "") -> None:
    """Raise PasswordRejected naming the rule ``password`` breaks, else return."""
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"The password must be at least {MIN_LENGTH} characters long.")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"The password must be at most {MAX_LENGTH} characters long.")
    folded = password.casefold()
    if folded in common_passwords() or folded.strip() in common_passwords():
        raise PasswordRejected("This password is on a list of common, breached passwords: "
                               "choose another.")
    local = email.casefold().split("@", 1)[0]
    if email and folded in {email.casefold(), local}:
        raise PasswordRejected("The password must not be your e-mail address.")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted, parameters embedded)."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)


@cache
def dummy_hash() -> str:
    """A hash to verify against when the account does not exist (timing reveals nothing)."""
    return _hasher().hash("no such account: constant-time placeholder")
