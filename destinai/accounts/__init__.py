"""Accounts and saved work, stored apart from the catalog (SQLite file or PostgreSQL).

The names below load on first use (PEP 562), so that ``destinai users`` registering itself
with the command line does not import SQLAlchemy and Alembic (~0.5 s) for every command.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from destinai.accounts.errors import AccountError, BadCredentials, ItemNotFound, Throttled
    from destinai.accounts.passwords import PasswordRejected
    from destinai.accounts.store import Account, AccountStore

_HOME = {"AccountError": "errors", "BadCredentials": "errors", "ItemNotFound": "errors",
         "Throttled": "errors", "PasswordRejected": "passwords", "Account": "store",
         "AccountStore": "store"}

__all__ = ["Account", "AccountError", "AccountStore", "BadCredentials", "ItemNotFound",
           "PasswordRejected", "Throttled"]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(f"destinai.accounts.{_HOME[name]}"), name)
    raise AttributeError(f"module 'destinai.accounts' has no attribute {name!r}")
