"""What the account store raises; every message is fit to show to the user."""

from __future__ import annotations


class AccountError(ValueError):
    """A request the store refuses (invalid e-mail, taken address, bad input)."""


class BadCredentials(AccountError):
    """Wrong e-mail or password (deliberately not saying which)."""


class Throttled(AccountError):
    """Too many failed log-ins; ``retry_after`` seconds until the next try is counted."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ItemNotFound(LookupError):
    """No such item *of this user* (another user's id looks exactly like a missing one)."""
