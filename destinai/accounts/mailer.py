"""Outgoing mail through a pluggable mailer. The default writes the message to the server log.

Set ``DESTINAI_MAILER=package.module:factory`` to plug in another: ``factory()`` returns an
object with ``send(to: str, subject: str, body: str) -> None`` (e.g. one that speaks SMTP).
"""

from __future__ import annotations

import importlib
import logging
import os
from typing import Protocol

log = logging.getLogger("destinai.accounts.mail")


class Mailer(Protocol):
    """Anything that can deliver a plain-text message."""

    def send(self, to: str, subject: str, body: str) -> None:
        """Deliver ``body`` to ``to``."""


class LogMailer:
    """Writes each message to the log (WARNING, so it shows without logging set up)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> None:
        """Log the message instead of sending it."""
        self.sent.append((to, subject, body))
        del self.sent[:-20]
        log.warning("mail to %s — %s\n%s", to, subject, body)


def mailer_from_env() -> Mailer:
    """The mailer named by ``DESTINAI_MAILER``, else a LogMailer."""
    target = os.environ.get("DESTINAI_MAILER", "").strip()
    if not target or target == "log":
        return LogMailer()
    module_name, _, attr = target.partition(":")
    if not attr:
        raise ValueError(f"DESTINAI_MAILER must be 'module:factory', not {target!r}")
    factory = getattr(importlib.import_module(module_name), attr)
    return factory()
