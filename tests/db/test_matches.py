"""db/matches.py on a real SQLite file: matches in either direction with their verdicts."""

import db.claims
import db.connection
import db.dashboard
import db.documents
import db.matches
import db.vectors
import db.verdicts
from tests.support import add_match


def test_matches_carry_verdict(database, add_doc):
    new, old = add_doc("New claim of 5%.", "Old claim of 6%.")
    db.verdicts.record_verdict(database, old, reviewer="ana", label="false")
    with db.connection.write_transaction(database):
        db.matches.add_matches(
            database,
            [{"claim_id": new, "matched_claim_id": old, "similarity": 0.9, "level": "same",
              "numbers": "differ"}],
        )  # fmt: skip
    (match,) = db.matches.claim_matches(database, new)
    assert match["verdict"] == "false" and match["numbers"] == "differ"
    assert db.claims.review_queue(database, has_matches=True)[0]["id"] == new


def test_claim_matches_both_directions(database, add_doc):
    a, b, c = add_doc("Alpha says 5%.", "Beta says 5%.", "Gamma says 6%.")
    add_match(database, a, b)
    add_match(database, c, a, numbers="differ")
    assert {m["claim_id"] for m in db.matches.claim_matches(database, a)} == {b, c}
    assert [m["claim_id"] for m in db.matches.claim_matches(database, b)] == [a]
