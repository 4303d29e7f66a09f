"""The account store on SQLite and PostgreSQL: accounts, sessions, tokens, resets, throttling,
saved work, ownership, export and delete."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from destinai.accounts import AccountError, BadCredentials, ItemNotFound, Throttled
from destinai.accounts import models as m
from destinai.accounts.passwords import PasswordRejected
from tests.accounts.conftest import PASSWORD

O1, O2 = "http://data.europa.eu/esco/occupation/o1", "http://data.europa.eu/esco/occupation/o2"
S1, S2 = "http://data.europa.eu/esco/skill/s1", "http://data.europa.eu/esco/skill/s2"


def test_create_and_authenticate(store):
    user = store.create_user("  Ada@Example.ORG ", PASSWORD)
    assert user.email == "ada@example.org" and not user.is_admin
    assert store.authenticate("ADA@example.org", PASSWORD, "10.0.0.1").id == user.id
    with pytest.raises(BadCredentials, match="Wrong e-mail address or password"):
        store.authenticate("ada@example.org", "wrong password!", "10.0.0.1")
    with pytest.raises(BadCredentials):
        store.authenticate("nobody@example.org", PASSWORD, "10.0.0.1")


def test_signup_rules(store):
    store.create_user("ada@example.org", PASSWORD)
    with pytest.raises(AccountError, match="already exists"):
        store.create_user("ADA@example.org", PASSWORD)
    with pytest.raises(AccountError, match="valid e-mail"):
        store.create_user("not-an-address", PASSWORD)
    with pytest.raises(PasswordRejected, match="common"):
        store.create_user("bob@example.org", "password1234")
    assert store.counts()["users"] == 1


def test_sixth_wrong_password_within_a_minute_is_throttled(store):
    store.create_user("ada@example.org", PASSWORD)
    for _ in range(5):
        with pytest.raises(BadCredentials):
            store.authenticate("ada@example.org", "wrong password!", "10.0.0.1")
    with pytest.raises(Throttled, match="Too many failed log-in attempts for this account") as e:
        store.authenticate("ada@example.org", PASSWORD, "10.0.0.2")  # even the right one
    assert 1 <= e.value.retry_after <= 61
    # a minute later the window has passed
    with store.transaction() as s:
        for row in s.scalars(select(m.LoginFailure)):
            row.at -= timedelta(seconds=61)
    assert store.authenticate("ada@example.org", PASSWORD, "10.0.0.1").email == "ada@example.org"


def test_throttle_per_address_across_accounts(store):
    for n in range(20):
        with pytest.raises(BadCredentials):
            store.authenticate(f"guess{n}@example.org", "wrong password!", "10.9.9.9")
    store.create_user("ada@example.org", PASSWORD)
    with pytest.raises(Throttled, match="your network address"):
        store.authenticate("ada@example.org", PASSWORD, "10.9.9.9")
    assert store.authenticate("ada@example.org", PASSWORD, "10.0.0.1")


def test_sessions_are_random_hashed_and_end(store):
    user = store.create_user("ada@example.org", PASSWORD)
    first, second = store.start_session(user.id), store.start_session(user.id)
    assert first != second and len(first) >= 40
    assert store.session_user(first).id == user.id
    with store.transaction() as s:
        ids = set(s.scalars(select(m.LoginSession.id)))
    assert first not in ids and len(ids) == 2  # only digests are stored
    store.end_session(first)
    assert store.session_user(first) is None and store.session_user(second).id == user.id
    assert store.session_user("forged") is None


def test_expired_session_is_refused(store):
    user = store.create_user("ada@example.org", PASSWORD)
    token = store.start_session(user.id)
    with store.transaction() as s:
        s.scalar(select(m.LoginSession)).expires_at = m.utcnow() - timedelta(seconds=1)
    assert store.session_user(token) is None


def test_change_password_ends_other_sessions(store):
    user = store.create_user("ada@example.org", PASSWORD)
    keep, other = store.start_session(user.id), store.start_session(user.id)
    with pytest.raises(BadCredentials):
        store.change_password(user.id, "not the password", "a new long passphrase")
    store.change_password(user.id, PASSWORD, "a new long passphrase", keep_session=keep)
    assert store.session_user(keep) and store.session_user(other) is None
    assert store.authenticate("ada@example.org", "a new long passphrase", "10.0.0.1")


def test_password_reset_is_mailed_single_use_and_expires(store):
    user = store.create_user("ada@example.org", PASSWORD)
    session = store.start_session(user.id)
    store.request_reset("nobody@example.org", "http://host")
    assert store.mailer.sent == []  # no mail, and the same answer: nobody learns who exists
    store.request_reset("ADA@example.org", "http://host/")
    to, _, body = store.mailer.sent[-1]
    token = body.split("token=")[1].split()[0]
    assert to == "ada@example.org" and "http://host/reset-password?token=" in body
    with pytest.raises(PasswordRejected):
        store.reset_password(token, "short")
    store.reset_password(token, "a brand new passphrase")
    assert store.session_user(session) is None
    with pytest.raises(AccountError, match="invalid or has expired"):
        store.reset_password(token, "another new passphrase")
    store.request_reset("ada@example.org", "http://host")
    late = store.mailer.sent[-1][2].split("token=")[1].split()[0]
    with store.transaction() as s:
        for row in s.scalars(select(m.PasswordReset)):
            row.expires_at = m.utcnow() - timedelta(seconds=1)
    with pytest.raises(AccountError, match="expired"):
        store.reset_password(late, "another new passphrase")


def test_api_tokens(store):
    ada = store.create_user("ada@example.org", PASSWORD)
    bob = store.create_user("bob@example.org", PASSWORD)
    raw, token = store.create_token(ada.id, "script")
    assert raw.startswith("dst_") and token["prefix"] == raw[:10]
    assert store.token_user(raw).id == ada.id and store.token_user(raw + "x") is None
    assert "token_hash" not in store.list_tokens(ada.id)[0]
    with pytest.raises(ItemNotFound):
        store.revoke_token(bob.id, token["id"])
    store.revoke_token(ada.id, token["id"])
    assert store.token_user(raw) is None


def test_saved_work_round_trip(store):
    ada = store.create_user("ada@example.org", PASSWORD)
    work = store.saved
    profile = work.save_profile(ada.id, "Mine", [{"uri": S1, "label": "s one"},
                                                 {"uri": S1, "label": "dup"}],
                                ["Attaché"], ["international relations"], ["travel", ""])
    assert profile["skills"] == [{"uri": S1, "label": "dup"}]
    assert profile["interests"] == ["travel"]
    work.save_profile(ada.id, "Renamed", [{"uri": S2, "label": "s two"}],
                      profile_id=profile["id"])
    assert work.get_profile(ada.id, profile["id"])["name"] == "Renamed"
    item = work.add_to_shortlist(ada.id, O1, "one", "first note")
    assert work.add_to_shortlist(ada.id, O1, "one")["note"] == "first note"  # no duplicate
    assert work.set_note(ada.id, item["id"], "second")["note"] == "second"
    plan = work.create_plan(ada.id, O2, "two", [{"uri": S1, "label": "a"},
                                                {"uri": S2, "label": "b"}], O1, "one")
    assert plan["progress"] == {"learned": 0, "total": 2}
    plan = work.set_learned(ada.id, plan["id"], {S1: True})
    assert plan["progress"]["learned"] == 1 and plan["skills"][0]["learned_at"]
    assert work.set_learned(ada.id, plan["id"], {S1: False})["progress"]["learned"] == 0
    with pytest.raises(AccountError, match="not a skill of this plan"):
        work.set_learned(ada.id, plan["id"], {"http://x/other": True})
    work.save_job_profile(ada.id, O1, "one")
    work.save_job_profile(ada.id, O1, "one")
    assert len(work.list_job_profiles(ada.id)) == 1
    with pytest.raises(AccountError, match="ESCO URI"):
        work.save_profile(ada.id, "bad", [{"uri": "welding", "label": "x"}])
    with pytest.raises(AccountError, match="too long"):
        work.set_note(ada.id, item["id"], "x" * 5001)


def test_another_users_ids_are_not_found(store):
    ada = store.create_user("ada@example.org", PASSWORD)
    eve = store.create_user("eve@example.org", PASSWORD)
    work = store.saved
    ids = {"profiles": work.save_profile(ada.id, "p", [])["id"],
           "shortlist": work.add_to_shortlist(ada.id, O1, "one")["id"],
           "plans": work.create_plan(ada.id, O2, "two", [{"uri": S1, "label": "a"}])["id"],
           "job-profiles": work.save_job_profile(ada.id, O1, "one")["id"]}
    for call in (lambda: work.get_profile(eve.id, ids["profiles"]),
                 lambda: work.save_profile(eve.id, "x", [], profile_id=ids["profiles"]),
                 lambda: work.set_note(eve.id, ids["shortlist"], "mine now"),
                 lambda: work.get_plan(eve.id, ids["plans"]),
                 lambda: work.set_learned(eve.id, ids["plans"], {S1: True}),
                 *[lambda k=k: work.remove(eve.id, k, ids[k]) for k in ids]):
        with pytest.raises(ItemNotFound):
            call()
    assert work.list_shortlist(eve.id) == [] and work.list_shortlist(ada.id)[0]["note"] == ""
    assert work.get_plan(ada.id, ids["plans"])["progress"]["learned"] == 0


def test_export_has_everything_and_delete_removes_every_row(store):
    ada = store.create_user("ada@example.org", PASSWORD)
    bob = store.create_user("bob@example.org", PASSWORD)
    for user in (ada, bob):
        store.start_session(user.id)
        store.create_token(user.id, "t")
        store.saved.save_profile(user.id, "p", [{"uri": S1, "label": "a"}])
        store.saved.add_to_shortlist(user.id, O1, "one", "note")
        store.saved.create_plan(user.id, O2, "two", [{"uri": S1, "label": "a"}])
        store.saved.save_job_profile(user.id, O1, "one")
    store.request_reset("ada@example.org", "http://host")
    with pytest.raises(BadCredentials):
        store.authenticate("ada@example.org", "wrong password!", "10.0.0.1")
    data = store.export(ada.id)
    assert data["account"]["email"] == "ada@example.org"
    for key in ("sessions", "api_tokens", "password_resets", "recent_failed_logins",
                "skills_profiles", "shortlist", "plans", "job_profiles"):
        assert len(data[key]) == 1, key
    assert "password_hash" not in str(data) and "$argon2" not in str(data)
    store.delete_user(ada.id)
    with store.transaction() as s:
        for model in (m.LoginSession, m.ApiToken, m.PasswordReset, m.SkillsProfile,
                      m.ShortlistItem, m.Plan, m.SavedJobProfile):
            assert s.scalar(select(func.count()).select_from(model)
                            .where(model.user_id == ada.id)) == 0, model
        assert s.scalar(select(func.count()).select_from(m.LoginFailure)) == 0
        assert s.scalar(select(func.count()).select_from(m.PlanSkill)) == 1  # bob's
    counts = store.counts()
    assert counts["users"] == 1 and counts["plans"] == 1 and counts["shortlist_items"] == 1
    with pytest.raises(BadCredentials):
        store.authenticate("ada@example.org", PASSWORD, "10.0.0.1")


def test_admin_role(store):
    store.create_user("ada@example.org", PASSWORD)
    assert store.set_admin("ADA@example.org").is_admin
    assert not store.set_admin("ada@example.org", False).is_admin
    with pytest.raises(AccountError, match="No account"):
        store.set_admin("nobody@example.org")


def test_secret_is_generated_once_and_shared(store):
    from destinai.accounts import AccountStore
    assert store.secret() == AccountStore(store.engine).secret()
    assert len(store.secret()) == 64


def test_reset_requests_are_capped_per_account(store):
    store.create_user("ada@example.org", PASSWORD)
    for _ in range(5):
        store.request_reset("ada@example.org", "http://host")
    assert len(store.mailer.sent) == 3
