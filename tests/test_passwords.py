"""Password hashes and the slowing of failed sign-ins."""

import time

import pytest

from checks import passwords


def test_hash_round_trip_and_salt():
    first = passwords.hash_password("s3cret phrase")
    second = passwords.hash_password("s3cret phrase")
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$32768$8$1$")
    assert "s3cret" not in first
    assert passwords.verify_password("s3cret phrase", first)
    assert passwords.verify_password("s3cret phrase", second)


@pytest.mark.parametrize("attempt", ["s3cret phrase ", "S3cret phrase", "", "s3cret"], ids=repr)
def test_wrong_password_fails(attempt):
    stored = passwords.hash_password("s3cret phrase")
    assert not passwords.verify_password(attempt, stored)


@pytest.mark.parametrize("stored", [None, "", "bcrypt$x", "scrypt$1$2$3$!!$??", "garbage"])
def test_missing_or_malformed_hash_fails(stored):
    assert not passwords.verify_password("anything", stored)


def test_missing_account_costs_as_much_as_a_real_check():
    stored = passwords.hash_password("pw")
    begin = time.perf_counter()
    passwords.verify_password("nope", stored)
    real = time.perf_counter() - begin
    begin = time.perf_counter()
    passwords.verify_password("nope", None)
    missing = time.perf_counter() - begin
    # Both derive one scrypt key; on a busy machine allow a wide margin, but not a shortcut.
    assert missing > real / 4


def test_throttle_slows_ten_failures_in_a_row():
    slept = []
    throttle = passwords.SignInThrottle(sleep=slept.append)
    delays = []
    for _ in range(10):
        delays.append(throttle.wait("ana"))
        throttle.failed("ana")
    assert delays[:2] == [0.0, 0.0]
    assert delays[2:6] == [0.25, 0.5, 1.0, 2.0]
    assert delays[6:] == [4.0] * 4
    assert slept == [d for d in delays if d]
    assert sum(delays) == pytest.approx(19.75)


def test_throttle_is_per_name_and_cleared_by_success():
    throttle = passwords.SignInThrottle(sleep=lambda s: None)
    for _ in range(5):
        throttle.failed("Ana")
    assert throttle.delay_for("ana ") == 2.0  # names are compared as typed, loosely
    assert throttle.delay_for("nobody") == 0.0
    throttle.succeeded("ana")
    assert throttle.delay_for("ana") == 0.0
