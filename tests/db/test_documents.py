"""db/documents.py on a real SQLite file: a document with its sentences and claims, whole."""

import hashlib

import pytest

import db.claims
import db.connection
import db.dashboard
import db.documents
import db.matches
import db.vectors
import db.verdicts
from tests.support import make_claim


def test_add_document_writes_everything(database):
    text = "Spending rose by 5 percent. It was sunny."
    document = {
        "title": "T",
        "ingested_at": db.connection.now(),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "text": text,
    }
    quantity = {"start": 17, "end": 26, "text": "5 percent", "value": 5.0, "unit": "%",
                "kind": "percent", "qualifier": None, "per": None}  # fmt: skip
    claims = [make_claim("Spending rose by 5 percent.", quantities=[quantity])]
    with db.connection.write_transaction(database):
        document_id, ids = db.documents.add_document(
            database, document, [{"start": 0, "end": 27}, {"start": 28, "end": 41}], claims
        )
    assert db.documents.document_by_hash(database, document["sha256"])["id"] == document_id
    sql = "SELECT idx FROM sentences WHERE document_id = ? ORDER BY idx"
    assert [s["idx"] for s in database.query(sql, [document_id])] == [0, 1]
    claim = db.claims.get_claim(database, ids[0])
    assert claim["text"] == "Spending rose by 5 percent."
    assert claim["reasons"] == ["states a monetary figure"]
    assert claim["version"] == 0 and claim["status"] == "new"
    (q,) = db.claims.claim_quantities(database, ids[0])
    assert text[q["start"] : q["end"]] == q["text"] == "5 percent"


def test_add_document_is_all_or_nothing(database):
    document = {"title": "T", "ingested_at": db.connection.now(), "sha256": "x", "text": "abc"}
    bad_claim = make_claim("abc", sentence=5)  # no such sentence: fails mid-write
    with pytest.raises(IndexError), db.connection.write_transaction(database):
        db.documents.add_document(database, document, [{"start": 0, "end": 3}], [bad_claim])
    assert db.documents.count_documents(database) == 0
    assert database.table("sentences").count == 0


def test_list_documents_counts(database, add_doc):
    add_doc("One claim here now.", "Two claim here now.")
    (doc,) = db.documents.list_documents(database)
    assert (doc["claims"], doc["checkworthy"], doc["checked"]) == (2, 2, 0)
    assert db.claims.first_claim_containing(database, "Two claim") is not None
