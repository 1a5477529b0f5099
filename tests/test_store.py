"""Every store function on a real SQLite file."""

import hashlib

import numpy as np
import pytest

from checks.errors import StaleClaim, UnknownClaim
from db import connection, store
from db.transfer import count_rows
from tests.conftest import INTEGRITY_ERRORS, make_claim


def test_add_document_writes_everything(database):
    text = "Spending rose by 5 percent. It was sunny."
    document = {
        "title": "T",
        "ingested_at": store.now(),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "text": text,
    }
    quantity = {"start": 17, "end": 26, "text": "5 percent", "value": 5.0, "unit": "%",
                "kind": "percent", "qualifier": None, "per": None}  # fmt: skip
    claims = [make_claim("Spending rose by 5 percent.", quantities=[quantity])]
    with store.write_transaction(database):
        document_id, ids = store.add_document(
            database, document, [{"start": 0, "end": 27}, {"start": 28, "end": 41}], claims
        )
    assert store.document_by_hash(database, document["sha256"])["id"] == document_id
    assert [s["idx"] for s in store.document_sentences(database, document_id)] == [0, 1]
    claim = store.get_claim(database, ids[0])
    assert claim["text"] == "Spending rose by 5 percent."
    assert claim["reasons"] == ["states a monetary figure"]
    assert claim["version"] == 0 and claim["status"] == "new"
    (q,) = store.claim_quantities(database, ids[0])
    assert text[q["start"] : q["end"]] == q["text"] == "5 percent"


def test_add_document_is_all_or_nothing(database):
    document = {"title": "T", "ingested_at": store.now(), "sha256": "x", "text": "abc"}
    bad_claim = make_claim("abc", sentence=5)  # no such sentence: fails mid-write
    with pytest.raises(IndexError), store.write_transaction(database):
        store.add_document(database, document, [{"start": 0, "end": 3}], [bad_claim])
    assert store.count_documents(database) == 0
    assert count_rows(database, "sentences") == 0


def test_queue_orders_by_checkworthiness_and_filters(database, add_doc):
    low = add_doc("Low one here today.", score=0.2, checkworthy=False)[0]
    high, mid = add_doc("High claim of 5%.", "Mid claim here now.", title="B")
    database.execute("UPDATE claims SET score = 0.5 WHERE id = ?", [mid])
    queue = store.claims_for_review(database)
    assert [c["id"] for c in queue] == [high, mid]
    everything = store.claims_for_review(database, checkworthy_only=False)
    assert [c["id"] for c in everything] == [high, mid, low]
    assert store.count_claims_for_review(database, checkworthy_only=False) == 3
    assert [c["id"] for c in store.claims_for_review(database, limit=1, offset=1)] == [mid]
    assert store.claims_for_review(database, min_score=0.6)[0]["id"] == high
    assert store.claims_for_review(database, kind="quote") == []
    assert store.claims_for_review(database, has_quantities=True) == []


def test_record_verdict_appends_and_bumps_version(database, add_doc):
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    first = store.record_verdict(database, claim_id, reviewer="ana", label="true")
    second = store.record_verdict(
        database,
        claim_id,
        reviewer="ben",
        label="false",
        sources=["https://a.example"],
        expected_version=1,
    )
    assert (first["version"], second["version"]) == (1, 2)
    assert store.current_verdict(database, claim_id)["label"] == "false"
    history = store.verdict_history(database, claim_id)
    assert [v["reviewer"] for v in history] == ["ben", "ana"]
    assert history[0]["sources"] == ["https://a.example"]
    assert store.get_claim(database, claim_id)["status"] == "checked"


def test_stale_verdict_refused_with_current(database, add_doc):
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    store.record_verdict(database, claim_id, reviewer="ana", label="true", expected_version=0)
    with pytest.raises(StaleClaim) as err:
        store.record_verdict(database, claim_id, reviewer="ben", label="false", expected_version=0)
    assert err.value.current["reviewer"] == "ana"
    assert len(store.verdict_history(database, claim_id)) == 1


def test_unknown_claim(database):
    with pytest.raises(UnknownClaim):
        store.record_verdict(database, 42, reviewer="ana", label="true")
    with pytest.raises(UnknownClaim):
        store.get_claim(database, 42)


def test_verdicts_are_append_only(database, add_doc):
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    store.record_verdict(database, claim_id, reviewer="ana", label="true")
    for statement in ("UPDATE verdicts SET label = 'false'", "DELETE FROM verdicts"):
        with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
            database.execute(statement)


def test_embeddings_roundtrip_little_endian(database):
    vector = np.linspace(-1.25, 3.0, 384, dtype=np.float32)
    with store.write_transaction(database):
        store.put_embeddings(database, "m", {"h1": vector})
    stored = next(database.query("SELECT vector FROM embeddings"))["vector"]
    if isinstance(stored, bytes):  # SQLite: a little-endian float32 BLOB
        assert stored == vector.astype("<f4").tobytes()
    back = connection.backend(database).read_vector(stored)
    assert back.astype("<f4").tobytes() == vector.astype("<f4").tobytes()
    assert np.array_equal(store.get_embeddings(database, "m", ["h1", "h2"])["h1"], vector)
    assert store.missing_embeddings(database, "m", ["h1", "h2"]) == {"h2"}
    assert store.missing_embeddings(database, "other", ["h1"]) == {"h1"}


def test_matches_carry_verdict(database, add_doc):
    new, old = add_doc("New claim of 5%.", "Old claim of 6%.")
    store.record_verdict(database, old, reviewer="ana", label="false")
    with store.write_transaction(database):
        store.add_matches(
            database,
            [{"claim_id": new, "matched_claim_id": old, "similarity": 0.9, "level": "same",
              "numbers": "differ"}],
        )  # fmt: skip
    (match,) = store.matches_for_claim(database, new)
    assert match["verdict"] == "false" and match["numbers"] == "differ"
    assert store.claims_for_review(database, has_matches=True)[0]["id"] == new


def test_list_documents_counts(database, add_doc):
    add_doc("One claim here now.", "Two claim here now.")
    (doc,) = store.list_documents(database)
    assert (doc["claims"], doc["checkworthy"], doc["checked"]) == (2, 2, 0)
    assert store.first_claim_containing(database, "Two claim") is not None


# Review and dashboard ----------------------------------------------------------------------


def test_review_queue_keyset_pages_match_the_queue_order(database, add_doc):
    ids = add_doc(*[f"Claim {n} says {n} percent." for n in range(7)])
    for n, claim_id in enumerate(ids):
        database.execute("UPDATE claims SET score = ? WHERE id = ?", [0.5 + (n % 3) / 10, claim_id])
    expected = [c["id"] for c in store.claims_for_review(database)]
    pages, after = [], None
    while page := store.review_queue(database, after=after, limit=3):
        pages += [c["id"] for c in page]
        after = store.queue_key(page[-1])
    assert pages == expected
    assert [c["id"] for c in store.review_queue(database, exclude=expected[:2])] == expected[2:]
    assert [c["id"] for c in store.review_queue(database, only=[ids[3]])] == [ids[3]]


def test_queue_marker_moves_with_claims_and_verdicts(database, add_doc):
    before = store.queue_marker(database)
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    after_claim = store.queue_marker(database)
    store.record_verdict(database, claim_id, reviewer="ana", label="true")
    assert before != after_claim != store.queue_marker(database)


def test_claim_context_points_into_the_document(database, add_doc):
    first, second = add_doc("First sentence is here.", "Second one has 5 percent.")
    context = store.claim_context(database, second, window=5)
    claim = store.get_claim(database, second)
    start = claim["start"] - context["offset"]
    assert context["text"][start : start + len(claim["text"])] == claim["text"]
    assert context["offset"] == claim["start"] - 5


def _match(database, claim_id, other, level="same", numbers="same"):
    with store.write_transaction(database):
        store.add_matches(
            database,
            [{"claim_id": claim_id, "matched_claim_id": other, "similarity": 0.9,
              "level": level, "numbers": numbers}],
        )  # fmt: skip


def test_claim_matches_both_directions(database, add_doc):
    a, b, c = add_doc("Alpha says 5%.", "Beta says 5%.", "Gamma says 6%.")
    _match(database, a, b)
    _match(database, c, a, numbers="differ")
    assert {m["claim_id"] for m in store.claim_matches(database, a)} == {b, c}
    assert [m["claim_id"] for m in store.claim_matches(database, b)] == [a]


def test_apply_verdict_to_matches_only_same_and_unreviewed(database, add_doc):
    a, b, c, d = add_doc("Alpha says 5%.", "Beta says 5%.", "Gamma says 5%.", "Delta 5%.")
    _match(database, a, b)
    _match(database, a, c, level="suggest")
    _match(database, d, a)
    store.record_verdict(database, d, reviewer="ana", label="true")
    verdict = {"reviewer": "ben", "label": "false", "rationale": "same claim"}
    applied = store.apply_verdict_to_matches(database, a, [b, c, d], verdict)
    assert applied == [b]
    assert store.current_verdict(database, b)["reviewer"] == "ben"
    assert store.current_verdict(database, c) is None
    assert store.current_verdict(database, d)["reviewer"] == "ana"
    assert store.get_claim(database, b)["version"] == 1


def test_dashboard_counts(database, add_doc):
    a, b, c = add_doc("Alpha says 5%.", "Beta says 5%.", "Gamma says 5%.")
    store.record_verdict(database, a, reviewer="ana", label="true", seconds_spent=10)
    store.record_verdict(database, b, reviewer="ana", label="false", seconds_spent=30)
    store.record_verdict(database, c, reviewer="ben", label="false", seconds_spent=20)
    store.record_verdict(database, c, reviewer="ana", label="mixed", seconds_spent=50)
    statuses = {(r["status"], r["checkworthy"]): r["claims"] for r in store.status_counts(database)}
    assert statuses == {("checked", 1): 3}
    labels = {r["label"]: r["claims"] for r in store.label_counts(database)}
    assert labels == {"true": 1, "false": 1, "mixed": 1}  # current verdicts only
    (kind,) = store.kind_counts(database)
    assert (kind["kind"], kind["claims"], kind["checked"]) == ("statistic", 3, 3)
    (progress,) = store.document_progress(database)
    assert (progress["claims"], progress["checked"]) == (3, 3)
    activity = {r["reviewer"]: r for r in store.reviewer_activity(database)}
    assert activity["ana"]["verdicts"] == 3 and activity["ana"]["median_seconds"] == 30
    assert activity["ben"]["median_seconds"] == 20
    assert sum(r["verdicts"] for r in store.verdicts_per_day(database)) == 4
