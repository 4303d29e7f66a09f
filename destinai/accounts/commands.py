"""CLI: ``destinai users upgrade | status | make-admin EMAIL | counts``."""

from __future__ import annotations

from typing import Annotated

import typer

from destinai.cli_support import JsonFlag, emit, fail

users_app = typer.Typer(help="The user database (accounts and saved work).",
                        no_args_is_help=True)
UrlOption = Annotated[str | None, typer.Option(
    "--database-url", help="SQLAlchemy URL (default: DATABASE_URL, else data/users.sqlite).")]


def register(app: typer.Typer) -> None:
    """Add ``destinai users …`` to the ``destinai`` app."""
    app.add_typer(users_app, name="users")


@users_app.command("upgrade")
def upgrade_command(database_url: UrlOption = None, as_json: JsonFlag = False) -> None:
    """Create or migrate the user database to the newest revision.

    Example: destinai users upgrade
    """
    from destinai.accounts import db

    engine = db.make_engine(database_url)
    before = db.current_revision(engine)
    db.upgrade(engine)
    emit({"database": engine.url.render_as_string(hide_password=True), "from": before,
          "to": db.current_revision(engine)}, as_json,
         lambda d: f"User database {d['database']}: revision {d['from'] or 'empty'} -> {d['to']}")


@users_app.command("make-admin")
def make_admin_command(email: str, revoke: Annotated[bool, typer.Option(
        "--revoke", help="Take the admin role away instead.")] = False,
        database_url: UrlOption = None, as_json: JsonFlag = False) -> None:
    """Give an account the admin role (admins see counts, never contents).

    Example: destinai users make-admin counsellor@school.example
    """
    from destinai.accounts import AccountError, AccountStore

    store = AccountStore.open(database_url)
    try:
        account = store.set_admin(email, not revoke)
    except AccountError as exc:
        fail(str(exc), as_json=as_json)
    emit({"email": account.email, "is_admin": account.is_admin}, as_json,
         lambda d: f"{d['email']}: admin = {d['is_admin']}")


@users_app.command("counts")
def counts_command(database_url: UrlOption = None, as_json: JsonFlag = False) -> None:
    """How many accounts and saved items there are (no contents).

    Example: destinai users counts --json
    """
    from destinai.accounts import AccountStore

    counts = AccountStore.open(database_url).counts()
    emit(counts, as_json, lambda d: "\n".join(f"{k}: {v}" for k, v in d.items()))
