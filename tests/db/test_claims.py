"""db/claims.py on a real SQLite file: claims, their context, and the review queue."""

import pytest

import db.claims
import db.connection
import db.dashboard
import db.documents
import db.matches
import db.vectors
import db.verdicts
from checks.errors import UnknownClaim
from tests.support import make_claim


def test_queue_orders_by_checkworthiness_and_filters(database, add_doc):
    low = add_doc("Low one here today.", score=0.2, checkworthy=False)[0]
    high, mid = add_doc("High claim of 5%.", "Mid claim here now.", title="B")
    database.execute("UPDATE claims SET score = 0.5 WHERE id = ?", [mid])
    queue = db.claims.review_queue(database)
    assert [c["id"] for c in queue] == [high, mid]
    everything = db.claims.review_queue(database, checkworthy_only=False)
    assert [c["id"] for c in everything] == [high, mid, low]
    assert db.claims.count_claims_for_review(database, checkworthy_only=False) == 3
    after = db.claims.queue_key(queue[0])
    assert [c["id"] for c in db.claims.review_queue(database, after=after, limit=1)] == [mid]
    assert db.claims.review_queue(database, min_score=0.6)[0]["id"] == high
    assert db.claims.review_queue(database, kind="quote") == []
    assert db.claims.review_queue(database, has_quantities=True) == []


def test_unknown_claim(database):
    with pytest.raises(UnknownClaim):
        db.verdicts.record_verdict(database, 42, reviewer="ana", label="true")
    with pytest.raises(UnknownClaim):
        db.claims.get_claim(database, 42)


def test_review_queue_keyset_pages_match_the_queue_order(database, add_doc):
    ids = add_doc(*[f"Claim {n} says {n} percent." for n in range(7)])
    scores = {claim_id: 0.5 + (n % 3) / 10 for n, claim_id in enumerate(ids)}
    for claim_id, score in scores.items():
        database.execute("UPDATE claims SET score = ? WHERE id = ?", [score, claim_id])
    expected = sorted(ids, key=lambda i: (-scores[i], i))
    pages, after = [], None
    while page := db.claims.review_queue(database, after=after, limit=3):
        pages += [c["id"] for c in page]
        after = db.claims.queue_key(page[-1])
    assert pages == expected
    assert [c["id"] for c in db.claims.review_queue(database, exclude=expected[:2])] == expected[2:]
    assert [c["id"] for c in db.claims.review_queue(database, only=[ids[3]])] == [ids[3]]


def test_queue_marker_moves_with_claims_and_verdicts(database, add_doc):
    before = db.claims.queue_marker(database)
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    after_claim = db.claims.queue_marker(database)
    db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="true")
    assert before != after_claim != db.claims.queue_marker(database)


def test_claim_context_points_into_the_document(database, add_doc):
    first, second = add_doc("First sentence is here.", "Second one has 5 percent.")
    context = db.claims.claim_context(database, second, window=5)
    claim = db.claims.get_claim(database, second)
    start = claim["start"] - context["offset"]
    assert context["text"][start : start + len(claim["text"])] == claim["text"]
    assert context["offset"] == claim["start"] - 5


def _match(database, claim_id, other, level="same", numbers="same"):
    with db.connection.write_transaction(database):
        db.matches.add_matches(
            database,
            [{"claim_id": claim_id, "matched_claim_id": other, "similarity": 0.9,
              "level": level, "numbers": numbers}],
        )  # fmt: skip


def test_insert_claims_returns_each_claims_id_in_order(database, add_doc):
    first = add_doc("First claim of 1 percent.", "Second claim here now.")
    database.execute("DELETE FROM claims WHERE id = ?", [first[1]])  # a gap at the end
    quantity = {"start": 0, "end": 9, "text": "7 percent", "value": 7.0, "unit": "%",
                "kind": "percent", "qualifier": None, "per": None}  # fmt: skip
    rows = [
        {**make_claim(f"Archive claim {n}."), "archive": "a.csv", "external_id": f"X{n}",
         "quantities": [quantity] if n % 2 else []}
        for n in range(5)
    ]  # fmt: skip
    with db.connection.write_transaction(database):
        ids = db.claims.insert_claims(database, rows)
    assert ids == sorted(ids) and len(set(ids)) == 5 and first[0] not in ids
    for n, claim_id in enumerate(ids):
        assert db.claims.get_claim(database, claim_id)["external_id"] == f"X{n}"
        assert len(db.claims.claim_quantities(database, claim_id)) == n % 2
