"""The pluggable mailer: the log by default, or a factory named by DESTINAI_MAILER."""

import logging

import pytest

from destinai.accounts.mailer import LogMailer, mailer_from_env


class Outbox:
    """A mailer plug-in that keeps the messages (what an SMTP plug-in would send)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> None:
        self.messages.append((to, subject, body))


def test_default_mailer_writes_to_the_log(monkeypatch, caplog):
    monkeypatch.delenv("DESTINAI_MAILER", raising=False)
    mailer = mailer_from_env()
    assert isinstance(mailer, LogMailer)
    with caplog.at_level(logging.WARNING, logger="destinai.accounts.mail"):
        mailer.send("ada@example.org", "Reset", "open http://host/reset-password?token=abc")
    assert "ada@example.org" in caplog.text and "token=abc" in caplog.text


def test_a_plugged_in_mailer_is_used(monkeypatch):
    monkeypatch.setenv("DESTINAI_MAILER", "tests.accounts.test_mailer:Outbox")
    mailer = mailer_from_env()
    assert isinstance(mailer, Outbox)
    monkeypatch.setenv("DESTINAI_MAILER", "tests.accounts.test_mailer")
    with pytest.raises(ValueError, match="module:factory"):
        mailer_from_env()
