"""Every store function on a real SQLite file."""

import hashlib
import sqlite3

import numpy as np
import pytest

from checks.errors import StaleClaim, UnknownClaim
from db import store
from tests.conftest import make_claim


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
    assert database.table("sentences").count == 0


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
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        database.execute("UPDATE verdicts SET label = 'false'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        database.execute("DELETE FROM verdicts")


def test_embeddings_roundtrip_little_endian(database):
    vector = np.array([0.5, -1.25, 3.0], dtype=np.float32)
    with store.write_transaction(database):
        store.put_embeddings(database, "m", {"h1": vector})
    blob = next(database.query("SELECT vector FROM embeddings"))["vector"]
    assert blob == vector.astype("<f4").tobytes()
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
