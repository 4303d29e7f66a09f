"""Password policy and hashing (no database needed)."""

import pytest
from argon2 import PasswordHasher

from destinai.accounts import passwords
from destinai.accounts.passwords import PasswordRejected, check_policy


@pytest.mark.parametrize("password, rule", [
    ("short1!", "at least 10 characters"),
    ("x" * 1025, "at most 1024"),
    ("password123", "common, breached"),
    ("QWERTYUIOP", "common, breached"),  # the list is compared case-insensitively
    ("iloveyou12", "common, breached"),
    ("jane.doe.2026@example.org", "e-mail address"),
])
def test_policy_names_the_rule_broken(password, rule):
    with pytest.raises(PasswordRejected, match=rule):
        check_policy(password, "jane.doe.2026@example.org")


def test_policy_accepts_a_long_uncommon_password():
    check_policy("violet tram under the bridge", "jane@example.org")


def test_shipped_list_has_thousands_of_common_passwords():
    common = passwords.common_passwords()
    assert len(common) > 19000
    assert {"123456", "password", "qwerty", "dragon"} <= common


def test_hashes_are_argon2id_salted_and_verified():
    first, second = passwords.hash_password("violet tram"), passwords.hash_password("violet tram")
    assert first.startswith("$argon2id$") and first != second
    assert passwords.verify_password(first, "violet tram")
    assert not passwords.verify_password(first, "violet trap")
    assert not passwords.verify_password("not a hash", "violet tram")


def test_default_parameters_are_rfc9106_low_memory():
    default = PasswordHasher()
    assert (default.time_cost, default.memory_cost, default.parallelism) == (3, 65536, 4)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("x")
    assert passwords.needs_rehash(weak)
