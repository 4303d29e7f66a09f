"""Alembic migrations on SQLite and PostgreSQL: from empty, from the previous revision, down."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from destinai.accounts import AccountStore, db
from destinai.accounts.models import Base


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_from_empty_matches_the_models(db_url):
    engine = db.make_engine(db_url)
    assert db.current_revision(engine) is None
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision() == "0002"
    assert _tables(engine) == set(Base.metadata.tables)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_upgrade_from_previous_revision_keeps_the_data(db_url):
    engine = db.make_engine(db_url)
    db.upgrade(engine, "0001")
    assert "api_tokens" not in _tables(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, email, password_hash, is_admin, created_at, "
                          "password_changed_at) VALUES (1, 'old@example.org', 'h', false, "
                          "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO shortlist_items (user_id, occupation_uri, label, note, "
                          "created_at, updated_at) VALUES (1, 'http://x/o', 'O', 'kept', "
                          "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    db.upgrade(engine)
    store = AccountStore(engine)
    assert store.saved.list_shortlist(1)[0]["note"] == "kept"
    raw, _ = store.create_token(1, "after upgrade")
    assert store.token_user(raw).email == "old@example.org"
    engine.dispose()


def test_downgrade_one_step_and_back(db_url):
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    store = AccountStore(engine)
    user = store.create_user("down@example.org", "a long enough passphrase")
    store.saved.add_to_shortlist(user.id, "http://x/o", "O", "still here")
    db.downgrade(engine)
    assert db.current_revision(engine) == "0001"
    assert {"api_tokens", "login_failures"}.isdisjoint(_tables(engine))
    assert store.saved.list_shortlist(user.id)[0]["note"] == "still here"
    db.upgrade(engine)
    assert db.current_revision(engine) == "0002"
    engine.dispose()
