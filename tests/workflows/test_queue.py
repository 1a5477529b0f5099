"""checks/workflows/queue.py: the order a reviewer meets the claims in, with skips, and one
app session's place in the queue."""

import pytest

import db.claims
import db.verdicts
from checks.errors import UnknownClaim
from checks.workflows.queue import ReviewSession, next_claim, queue_filters, skip, unskip

FILTERS: dict = {}  # the queue's defaults: new, check-worthy document claims


@pytest.fixture
def queue(database, add_doc):
    """Four check-worthy claims whose queue order is their id order (descending scores)."""
    ids = add_doc(*[f"Claim number {n} says {n} percent." for n in range(4)])
    for n, claim_id in enumerate(ids):
        database.execute("UPDATE claims SET score = ? WHERE id = ?", [0.9 - n / 10, claim_id])
    return ids


def walk(database, start, skipped=(), steps=6) -> list[int | None]:
    """Return the ids met by pressing Next `steps` times from `start` (None: no claim open)."""
    seen, current = [], start
    for _ in range(steps):
        following = next_claim(database, FILTERS, current, skipped)
        seen.append(following)
        current = db.claims.get_claim(database, following) if following else None
    return seen


def test_first_claim_is_the_head_of_the_queue(database, queue):
    assert next_claim(database, FILTERS, None) == queue[0]


def test_next_follows_queue_order_and_wraps_round(database, queue):
    a, b, c, d = queue
    assert walk(database, db.claims.get_claim(database, b), steps=4) == [c, d, a, b]


def test_skipped_claims_come_after_the_rest_in_skip_order(database, queue):
    a, b, c, d = queue
    skipped = skip(skip([], c), a)  # c skipped first, then a
    assert next_claim(database, FILTERS, None, skipped) == b
    assert next_claim(database, FILTERS, db.claims.get_claim(database, d), skipped) == b
    db.verdicts.record_verdict(database, d, reviewer="ana", label="true")
    # Nothing unskipped is left besides b: the skipped ones follow, in skip order.
    assert next_claim(database, FILTERS, db.claims.get_claim(database, b), skipped) == c
    db.verdicts.record_verdict(database, b, reviewer="ana", label="true")
    assert next_claim(database, FILTERS, db.claims.get_claim(database, c), skipped) == a
    assert next_claim(database, FILTERS, db.claims.get_claim(database, a), skipped) == c


def test_from_a_skipped_claim_the_next_skipped_one_follows(database, queue):
    a, b, c, d = queue
    skipped = [c, a, d, b]  # everything skipped
    assert next_claim(database, FILTERS, db.claims.get_claim(database, a), skipped) == d
    assert next_claim(database, FILTERS, db.claims.get_claim(database, b), skipped) == c


def test_claims_that_left_the_queue_are_passed_over(database, queue):
    a, b, c, d = queue
    db.verdicts.record_verdict(database, b, reviewer="ana", label="true")  # now 'checked'
    assert walk(database, db.claims.get_claim(database, a), steps=3) == [c, d, a]
    skipped = [b, d]
    assert next_claim(database, FILTERS, db.claims.get_claim(database, c), skipped) == a


def test_an_empty_queue_has_no_next(database):
    assert next_claim(database, FILTERS, None) is None
    assert next_claim(database, FILTERS, None, [1, 2]) is None


def test_filters_apply(database, queue):
    a, b, c, d = queue
    assert next_claim(database, {"min_score": 0.75}, db.claims.get_claim(database, b)) == a


@pytest.mark.parametrize(
    "skipped, claim_id, expected",
    [([], 1, [1]), ([1, 2], 1, [2, 1]), ([2, 3], 1, [2, 3, 1])],
)
def test_skip_moves_the_claim_to_the_end(skipped, claim_id, expected):
    assert skip(skipped, claim_id) == expected


def test_unskip_removes_only_that_claim():
    assert unskip([3, 1, 2], 1) == [3, 2]
    assert unskip([3], 1) == [3]


# One session's place in the queue -----------------------------------------------------------


def test_session_opens_the_head_then_walks_skips_and_goes_back(database, queue):
    a, b, c, d = queue
    session = ReviewSession()
    assert session.settle(database, FILTERS, "ana")["id"] == a
    session.skip(database, FILTERS, "ana", db.claims.get_claim(database, a))
    assert (session.current, session.skips("ana"), session.skips("ben")) == (b, [a], [])
    session.advance(database, FILTERS, "ana", db.claims.get_claim(database, b))
    assert session.current == c and session.trail == [a, b]
    session.back(database)
    assert session.current == b and session.trail == [a]
    assert session.version == 0 and session.seconds_open() >= 0


def test_session_after_a_save_unskips_and_moves_on(database, queue):
    a, b, c, d = queue
    session = ReviewSession(skipped={"ana": [b]})
    session.open(database, b)
    db.verdicts.record_verdict(database, b, reviewer="ana", label="true")
    session.saved(database, FILTERS, "ana", b)
    assert session.skips("ana") == [] and session.current == c


def test_session_closes_when_nothing_is_left(database, add_doc):
    (only,) = add_doc("The only claim says 5 percent.")
    session = ReviewSession()
    session.settle(database, FILTERS, "ana")
    session.skip(database, FILTERS, "ana", db.claims.get_claim(database, only))
    assert session.current is None and session.trail == [only]


def test_session_follows_a_new_link_once_and_refuses_unknown_claims(database, queue):
    a, b, c, d = queue
    session = ReviewSession()
    assert session.settle(database, FILTERS, "ana", link=str(c))["id"] == c
    session.advance(database, FILTERS, "ana", db.claims.get_claim(database, c))
    trail = list(session.trail)
    # The address now shows d: the same link again reopens nothing.
    assert session.settle(database, FILTERS, "ana", link=str(d))["id"] == d
    assert session.trail == trail
    for bad in ("99999", "abc"):
        with pytest.raises(UnknownClaim):
            session.settle(database, FILTERS, "ana", link=bad)
    assert session.settle(database, FILTERS, "ana", request=a)["id"] == a


def test_session_closes_the_claim_when_filters_change(database, queue):
    session = ReviewSession()
    assert session.use_filters(FILTERS) is False
    session.settle(database, FILTERS, "ana")
    assert session.use_filters({"kind": "quote"}) is True and session.current is None
    assert session.settle(database, {"kind": "quote"}, "ana") is None


@pytest.mark.parametrize(
    "choices, expected",
    [
        ((None, "new", "any", 0.0, True, "any", "any"), {}),
        ((3, "all", "quote", 0.5, False, "with", "without"),
         {"document_id": 3, "status": None, "kind": "quote", "min_score": 0.5,
          "checkworthy_only": False, "has_quantities": True, "has_matches": False}),
    ],
)  # fmt: skip
def test_queue_filters_from_the_reviewers_choices(choices, expected):
    assert queue_filters(*choices) == {**db.claims.QUEUE_DEFAULTS, **expected}
