"""Accounts and saved work, stored apart from the catalog (SQLite file or PostgreSQL)."""

from destinai.accounts.errors import AccountError, BadCredentials, ItemNotFound, Throttled
from destinai.accounts.passwords import PasswordRejected
from destinai.accounts.store import Account, AccountStore

__all__ = ["Account", "AccountError", "AccountStore", "BadCredentials", "ItemNotFound",
           "PasswordRejected", "Throttled"]
