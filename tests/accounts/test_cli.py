"""``destinai users …`` on SQLite and PostgreSQL."""

import json

from typer.testing import CliRunner

from destinai.accounts import AccountStore, db
from destinai.cli import app
from tests.accounts.conftest import PASSWORD

runner = CliRunner()


def test_upgrade_make_admin_and_counts(db_url):
    first = runner.invoke(app, ["users", "upgrade", "--database-url", db_url, "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output) | {"database": None} == {"database": None, "from": None,
                                                            "to": db.head_revision()}
    again = json.loads(runner.invoke(app, ["users", "upgrade", "--database-url", db_url,
                                           "--json"]).output)
    assert again["from"] == again["to"] == db.head_revision()
    store = AccountStore.open(db_url)
    store.create_user("counsellor@example.org", PASSWORD)
    made = runner.invoke(app, ["users", "make-admin", "Counsellor@example.org",
                               "--database-url", db_url])
    assert made.exit_code == 0 and "admin = True" in made.output
    assert store.authenticate("counsellor@example.org", PASSWORD, "10.0.0.1").is_admin
    missing = runner.invoke(app, ["users", "make-admin", "nobody@example.org",
                                  "--database-url", db_url])
    assert missing.exit_code == 1 and "No account" in missing.output
    counts = json.loads(runner.invoke(app, ["users", "counts", "--database-url", db_url,
                                            "--json"]).output)
    assert counts["users"] == 1 and counts["plans"] == 0
    store.engine.dispose()
