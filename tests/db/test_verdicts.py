"""db/verdicts.py on a real SQLite file: append-only verdicts and the version check."""

import sqlite3

import pytest

import db.claims
import db.connection
import db.dashboard
import db.documents
import db.matches
import db.vectors
import db.verdicts
from checks.errors import StaleClaim
from tests.support import add_match


def test_record_verdict_appends_and_bumps_version(database, add_doc):
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    first = db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="true")
    second = db.verdicts.record_verdict(
        database,
        claim_id,
        reviewer="ben",
        label="false",
        sources=["https://a.example"],
        expected_version=1,
    )
    assert (first["version"], second["version"]) == (1, 2)
    assert db.verdicts.current_verdict(database, claim_id)["label"] == "false"
    history = db.verdicts.verdict_history(database, claim_id)
    assert [v["reviewer"] for v in history] == ["ben", "ana"]
    assert history[0]["sources"] == ["https://a.example"]
    assert db.claims.get_claim(database, claim_id)["status"] == "checked"


def test_stale_verdict_refused_with_current(database, add_doc):
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="true", expected_version=0)
    with pytest.raises(StaleClaim) as err:
        db.verdicts.record_verdict(
            database, claim_id, reviewer="ben", label="false", expected_version=0
        )
    assert err.value.current["reviewer"] == "ana"
    assert len(db.verdicts.verdict_history(database, claim_id)) == 1


def test_verdicts_are_append_only(database, add_doc):
    (claim_id,) = add_doc("The budget is 5 billion euros.")
    db.verdicts.record_verdict(database, claim_id, reviewer="ana", label="true")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        database.execute("UPDATE verdicts SET label = 'false'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        database.execute("DELETE FROM verdicts")


def test_apply_verdict_to_matches_only_same_and_unreviewed(database, add_doc):
    a, b, c, d = add_doc("Alpha says 5%.", "Beta says 5%.", "Gamma says 5%.", "Delta 5%.")
    add_match(database, a, b)
    add_match(database, a, c, level="suggest")
    add_match(database, d, a)
    db.verdicts.record_verdict(database, d, reviewer="ana", label="true")
    verdict = {"reviewer": "ben", "label": "false", "rationale": "same claim"}
    applied = db.verdicts.apply_verdict_to_matches(database, a, [b, c, d], verdict)
    assert applied == [b]
    assert db.verdicts.current_verdict(database, b)["reviewer"] == "ben"
    assert db.verdicts.current_verdict(database, c) is None
    assert db.verdicts.current_verdict(database, d)["reviewer"] == "ana"
    assert db.claims.get_claim(database, b)["version"] == 1
