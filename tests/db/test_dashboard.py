"""db/dashboard.py on a real SQLite file: the dashboard counts."""

import db.claims
import db.connection
import db.dashboard
import db.documents
import db.matches
import db.vectors
import db.verdicts


def test_dashboard_counts(database, add_doc):
    a, b, c = add_doc("Alpha says 5%.", "Beta says 5%.", "Gamma says 5%.")
    db.verdicts.record_verdict(database, a, reviewer="ana", label="true", seconds_spent=10)
    db.verdicts.record_verdict(database, b, reviewer="ana", label="false", seconds_spent=30)
    db.verdicts.record_verdict(database, c, reviewer="ben", label="false", seconds_spent=20)
    db.verdicts.record_verdict(database, c, reviewer="ana", label="mixed", seconds_spent=50)
    statuses = {
        (r["status"], r["checkworthy"]): r["claims"] for r in db.dashboard.status_counts(database)
    }
    assert statuses == {("checked", 1): 3}
    labels = {r["label"]: r["claims"] for r in db.dashboard.label_counts(database)}
    assert labels == {"true": 1, "false": 1, "mixed": 1}  # current verdicts only
    (kind,) = db.dashboard.kind_counts(database)
    assert (kind["kind"], kind["claims"], kind["checked"]) == ("statistic", 3, 3)
    (progress,) = db.dashboard.document_progress(database)
    assert (progress["claims"], progress["checked"]) == (3, 3)
    activity = {r["reviewer"]: r for r in db.dashboard.reviewer_activity(database)}
    assert activity["ana"]["verdicts"] == 3 and activity["ana"]["median_seconds"] == 30
    assert activity["ben"]["median_seconds"] == 20
    assert sum(r["verdicts"] for r in db.dashboard.verdicts_per_day(database)) == 4
