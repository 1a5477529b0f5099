"""The desk workflows: accounts, sign-in, roles on every write, assignments, round verdicts."""

import logging
import time

import pytest

from checks.errors import InvalidValue, UnknownClaim
from checks.workflows import desk

EDITOR = desk.Account("Edna", "editor")
REVIEWER = desk.Account("Ana", "reviewer")


@pytest.fixture
def staffed(database):
    """A desk with an editor and two reviewers (passwords: NAME-password)."""
    for name, role in [("Edna", "editor"), ("Ana", "reviewer"), ("Ben", "reviewer")]:
        desk.add_user(database, name, role, f"{name}-password", actor=None)
    return database


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    """Sign-in slowing is measured in test_passwords; here it must not cost test time."""
    slept = []
    monkeypatch.setattr(desk, "throttle", desk.passwords.SignInThrottle(sleep=slept.append))
    return slept


def test_open_desk_until_an_editor_exists(database):
    assert desk.desk_is_open(database)
    desk.add_user(database, "Ana", "reviewer", "Ana-password", actor=None)
    assert desk.desk_is_open(database)
    desk.add_user(database, "Edna", "editor", "Edna-password", actor=None)
    assert not desk.desk_is_open(database)


def test_accounts_never_expose_password_hashes(staffed):
    users = desk.list_users(staffed)
    assert [u["name"] for u in users] == ["Ana", "Ben", "Edna"]
    assert all(set(u) == {"name", "role", "active", "created_at"} for u in users)


@pytest.mark.parametrize(
    ("name", "role", "password", "problem"),
    [
        ("ana", "reviewer", "long enough", "already exists"),
        ("Cleo", "admin", "long enough", "role admin"),
        ("Cleo", "reviewer", "short", "at least 8"),
        ("  ", "reviewer", "long enough", "name is required"),
        ("Cl\x00eo", "reviewer", "long enough", "control characters"),
    ],
)
def test_bad_accounts_are_refused(staffed, name, role, password, problem):
    with pytest.raises(InvalidValue, match=problem):
        desk.add_user(staffed, name, role, password, actor=None)


def test_sign_in_and_the_same_answer_for_every_failure(staffed, caplog):
    assert desk.sign_in(staffed, "ana", "Ana-password") == desk.Account("Ana", "reviewer")
    desk.disable_user(staffed, "Ben", actor=EDITOR)
    messages = []
    with caplog.at_level(logging.WARNING, logger="claimdesk.desk"):
        for name, password in [("Ana", "wrong"), ("Nobody", "Ana-password"),
                               ("Ben", "Ben-password"), ("", "")]:  # fmt: skip
            with pytest.raises(desk.SignInFailed) as err:
                desk.sign_in(staffed, name, password)
            messages.append(str(err.value))
    assert set(messages) == {"Wrong name or password."}
    assert len(caplog.records) == 4
    assert "Ana-password" not in caplog.text and "wrong" not in caplog.text


def test_ten_wrong_passwords_are_slowed_for_real_and_missing_names_alike(staffed, no_sleep):
    for _ in range(10):
        with pytest.raises(desk.SignInFailed):
            desk.sign_in(staffed, "Ana", "not-it")
    for _ in range(10):
        with pytest.raises(desk.SignInFailed):
            desk.sign_in(staffed, "Nobody", "not-it")
    ana, nobody = no_sleep[: len(no_sleep) // 2], no_sleep[len(no_sleep) // 2 :]
    assert ana == nobody  # the delays do not tell an account from a missing one
    assert sum(ana) >= 15
    # The right password still works, after the wait; then the count starts again.
    assert desk.sign_in(staffed, "Ana", "Ana-password").name == "Ana"
    assert desk.throttle.delay_for("Ana") == 0


def test_the_slowing_is_real_time(staffed, monkeypatch):
    """Without the test's fake sleep: the 6th and 7th failures in a row take at least 2 s and
    4 s on the clock (a lower bound that holds however busy the machine is)."""
    monkeypatch.setattr(desk, "throttle", desk.passwords.SignInThrottle())
    took = []
    for _ in range(7):
        started = time.perf_counter()
        with pytest.raises(desk.SignInFailed):
            desk.sign_in(staffed, "Ben", "not-it")
        took.append(time.perf_counter() - started)
    assert took[5] >= 2.0 and took[6] >= 4.0, took  # waits 0, 0, 0.25, 0.5, 1, 2, 4 s


def test_session_token_round_trip_and_invalidation(staffed):
    account = desk.Account("Ana", "reviewer")
    token = desk.session_token(staffed, account)
    assert desk.account_from_token(staffed, token) == account
    name, expires, signature = token.split(".")
    forged = f"{desk.base64.urlsafe_b64encode(b'Edna').decode().rstrip('=')}.{expires}.{signature}"
    assert desk.account_from_token(staffed, forged) is None
    assert desk.account_from_token(staffed, f"{name}.{int(expires) + 9}.{signature}") is None
    assert desk.account_from_token(staffed, "garbage") is None
    assert desk.account_from_token(staffed, None) is None
    expired = desk.session_token(staffed, account, now=1_000_000)
    assert desk.account_from_token(staffed, expired) is None
    desk.disable_user(staffed, "Ana", actor=EDITOR)
    assert desk.account_from_token(staffed, token) is None


@pytest.mark.parametrize(
    "action",
    [
        lambda d: desk.add_user(d, "Cleo", "editor", "Cleo-password", actor=REVIEWER),
        lambda d: desk.disable_user(d, "Ben", actor=REVIEWER),
        lambda d: desk.assign(d, "Ben", claim_ids=[1], actor=REVIEWER),
    ],
    ids=["add-user", "disable-user", "assign"],
)
def test_reviewers_cannot_do_editor_actions(staffed, add_doc, action):
    add_doc("The tram costs 2.4 billion euros.")
    with pytest.raises(desk.NotAllowed, match="only an editor"):
        action(staffed)


def test_role_is_read_from_the_database_not_from_the_caller(staffed, add_doc):
    (cid,) = add_doc("The tram costs 2.4 billion euros.")
    forged = desk.Account("Ana", "editor")  # a session that claims more than it has
    with pytest.raises(desk.NotAllowed):
        desk.assign(staffed, "Ben", claim_ids=[cid], actor=forged)
    desk.disable_user(staffed, "Edna", actor=None)  # the command line is trusted
    desk.add_user(staffed, "Zed", "editor", "Zed-password", actor=None)
    with pytest.raises(desk.NotAllowed):
        desk.assign(staffed, "Ben", claim_ids=[cid], actor=EDITOR)  # disabled since


def test_sample_is_reproducible_and_a_fraction():
    ids = list(range(100, 140))
    first = desk.sample_claims(ids, 0.5)
    assert first == desk.sample_claims(list(reversed(ids)), 0.5)
    assert len(first) == 20 and set(first) <= set(ids)
    assert desk.sample_claims(ids, 1.0) == ids
    assert len(desk.sample_claims([7], 0.1)) == 1
    with pytest.raises(InvalidValue):
        desk.sample_claims(ids, 0)


def test_assign_document_then_a_blind_sample(staffed, add_doc):
    ids = add_doc(*[f"Claim number {i} says {i} percent rose." for i in range(10)])
    first = desk.assign(staffed, "ana", document_id=1, actor=EDITOR)
    assert first["reviewer"] == "Ana" and first["assigned"] == ids
    second = desk.assign(staffed, "Ben", document_id=1, round_=2, sample=0.5, actor=EDITOR)
    assert len(second["assigned"]) == 5
    again = desk.assign(staffed, "Ben", document_id=1, round_=2, sample=0.5, actor=EDITOR)
    assert again["assigned"] == [] and again["already"] == second["assigned"]
    assert desk.blind_claims(staffed, "Ben") == set(second["assigned"])
    assert desk.blind_claims(staffed, "Ana") == set()
    assert [a["claim_id"] for a in desk.my_assignments(staffed, "Ana")] == ids
    progress = {(r["reviewer"], r["round"]): r for r in desk.assignment_progress(staffed)}
    assert progress[("Ana", 1)]["left"] == 10 and progress[("Ben", 2)]["assigned"] == 5


def test_round_two_to_the_first_reviewer_is_refused_whole(staffed, add_doc):
    a, b = add_doc("Prices rose 5 percent.", "Wages rose 3 percent.")
    desk.assign(staffed, "Ana", claim_ids=[a], actor=EDITOR)
    with pytest.raises(InvalidValue, match="first reviewer of claim"):
        desk.assign(staffed, "Ana", claim_ids=[b, a], round_=2, actor=EDITOR)
    assert desk.blind_claims(staffed, "Ana") == set()


def test_assign_unknown_claim_or_reviewer(staffed, add_doc):
    add_doc("Prices rose 5 percent.")
    with pytest.raises(UnknownClaim):
        desk.assign(staffed, "Ana", claim_ids=[999], actor=EDITOR)
    with pytest.raises(InvalidValue, match="not an active account"):
        desk.assign(staffed, "Nobody", claim_ids=[1], actor=EDITOR)


def test_round_verdicts_only_from_the_assigned_reviewer(staffed, add_doc):
    (cid,) = add_doc("Prices rose 5 percent.")
    desk.assign(staffed, "Ana", claim_ids=[cid], actor=EDITOR)
    desk.assign(staffed, "Ben", claim_ids=[cid], round_=2, actor=EDITOR)
    with pytest.raises(InvalidValue, match="round-2 review is not assigned to Ana"):
        desk.record_round_verdict(staffed, cid, "true", reviewer="Ana", round_=2)
    desk.record_round_verdict(staffed, cid, "true", reviewer="Ana", round_=1)
    assert desk.blind_claims(staffed, "Ben") == {cid}
    saved = desk.record_round_verdict(staffed, cid, "false", reviewer="ben", round_=2)
    assert saved["reviewer"] == "Ben" and saved["round"] == 2
    assert desk.blind_claims(staffed, "Ben") == set()
    assert desk.my_assignments(staffed, "Ana") == []
    with pytest.raises(InvalidValue, match="not an active account"):
        desk.record_round_verdict(staffed, cid, "true", reviewer="Mallory")
