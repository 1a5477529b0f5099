"""checks/workflows/reports.py: export rows and their filters, the preview, whole reports,
and our own exports read back by `import`."""

from __future__ import annotations

import json

import pytest

import db.claims
import db.connection
import db.documents
import db.exports
import db.verdicts
from checks import export
from checks.errors import InvalidValue, UnknownLabel
from checks.workflows.imports import import_archive
from checks.workflows.reports import export_report, export_rows
from tests.support import csv_rows, verdict

EUROS = {"start": 20, "end": 32, "text": "€178 billion", "value": 178e9, "unit": "EUR",
         "kind": "money", "qualifier": None, "per": None}  # fmt: skip


def report(database, fmt: str = "csv", **filters) -> bytes:
    return export_report(database, fmt, **filters)


# Filters -----------------------------------------------------------------------------------


@pytest.fixture
def desk(database, add_article):
    """Two documents: claims a (false, Ana), b (true, Bo, reviewed twice), c and d unreviewed."""
    a, b = add_article("Rail spending doubled in 2024.", "Bus fares fell by 10 percent.")
    c, d = add_article("The port employs 4,000 people.", "Ferries carry 2 million riders.",
                       title="Port story")  # fmt: skip
    verdict(database, a, "false", reviewer="Ana", created_at="2026-01-10T09:00:00+00:00")
    db.verdicts.record_verdict(database, b, reviewer="Ana", label="mixed",
                         created_at="2026-01-11T09:00:00+00:00")  # fmt: skip
    db.verdicts.record_verdict(database, b, reviewer="Bo", label="true",
                         created_at="2026-02-01T09:00:00+00:00")  # fmt: skip
    return {"a": a, "b": b, "c": c, "d": d, "doc1": db.claims.get_claim(database, a)["document_id"],
            "doc2": db.claims.get_claim(database, c)["document_id"]}  # fmt: skip


def ids(database, **filters) -> list[int]:
    return [r["claim_id"] for r in export_rows(database, **filters)]


@pytest.mark.parametrize(
    "filters, expected",
    [
        pytest.param({}, "ab", id="reviewed-only"),
        pytest.param({"include_all": True}, "abcd", id="all"),
        pytest.param({"label": "true"}, "b", id="label"),
        pytest.param({"label": ["true", "false"]}, "ab", id="labels"),
        pytest.param({"label": "mixed"}, "", id="earlier-label-not-current"),
        pytest.param({"reviewer": "Ana"}, "a", id="reviewer-of-current"),
        pytest.param({"since": "2026-01-11"}, "b", id="since"),
        pytest.param({"until": "2026-01-10"}, "a", id="until-inclusive"),
        pytest.param({"since": "2026-01-01", "until": "2026-01-31"}, "a", id="range"),
        pytest.param({"label": "true", "include_all": True}, "b", id="label-with-all"),
    ],
)
def test_filters(database, desk, filters, expected):
    assert ids(database, **filters) == [desk[k] for k in expected]


def test_document_filter(database, desk):
    assert ids(database, document_id=desk["doc2"], include_all=True) == [desk["c"], desk["d"]]
    assert ids(database, document_id=[desk["doc1"]]) == [desk["a"], desk["b"]]


def test_earlier_verdicts_counts_the_audit_trail(database, desk):
    rows = {r["claim_id"]: r for r in export_rows(database, include_all=True)}
    assert [rows[desk[k]]["earlier_verdicts"] for k in "abcd"] == [0, 1, 0, 0]
    assert rows[desk["b"]]["reviewer"] == "Bo"


@pytest.mark.parametrize(
    "filters, error",
    [
        pytest.param({"label": "fake"}, UnknownLabel, id="label"),
        pytest.param({"since": "2026-13-01"}, InvalidValue, id="since"),
        pytest.param({"until": "yesterday"}, InvalidValue, id="until"),
        pytest.param({"since": "2026-02-01", "until": "2026-01-01"}, InvalidValue, id="order"),
        pytest.param({"document_id": 999}, InvalidValue, id="document"),
    ],
)
def test_bad_filters_are_refused(database, filters, error):
    with pytest.raises(error):
        report(database, **filters)


def test_unknown_format_is_refused(database):
    with pytest.raises(InvalidValue, match="^xml: not an export format"):
        report(database, "xml")


def test_preview_limit(database, desk):
    rows = export_rows(database, include_all=True, limit=3)
    assert [r["claim_id"] for r in rows] == [desk[k] for k in "abc"]
    assert db.exports.count_export_rows(database, include_all=True) == 4
    assert db.exports.export_reviewers(database) == ["Ana", "Bo"]


def test_csv_matches_the_preview_table_after_the_guard(database, desk):
    rows = export_rows(database, include_all=True)
    frame = export.csv_frame(rows)
    parsed = csv_rows(export.to_csv(rows))
    assert len(parsed) == len(frame) == 4
    for record, (_, expected) in zip(parsed, frame.iterrows(), strict=True):
        for column in export.CSV_COLUMNS:
            value = expected[column]
            if column in export.NUMERIC_COLUMNS:
                assert float(record[column]) == float(value), column
            else:
                text = "" if value is None or value != value else str(value)
                assert record[column] == export.guard_cell(text), column


def test_empty_reports(database):
    assert csv_rows(report(database)) == []
    assert json.loads(report(database, "claimreview")) == []
    assert "0 claims, 0 with a verdict." in report(database, "markdown").decode()


# Round trip: our exports read back by `import` -----------------------------------------------

ROUND_TRIP_CLAIMS = (
    "Ministers spent €178 billion on rail.",
    '=HYPERLINK("http://x") is what the leaflet printed.',
    "-2 percent was the change in bus fares last year.",
    "@SUM(A1) appeared in the council spreadsheet.",
)


@pytest.fixture
def exported(database, add_article):
    """A desk with four reviewed claims (one reviewed twice) and one unreviewed."""
    ids = add_article(*ROUND_TRIP_CLAIMS, "Nobody checked this one yet, it seems.",
                      claim_extra=[{"claimant": "Jo Baker"}] * 5)  # fmt: skip
    verdict(database, ids[0], "mixed", reviewer="Bo", created_at="2026-01-01T08:00:00+00:00")
    for claim_id, label in zip(
        ids[:4], ["false", "true", "misleading", "unverifiable"], strict=True
    ):
        verdict(database, claim_id, label, reviewer="Ana Ruiz", rationale=f"Why {label}.",
                sources=["https://a.example/1", "https://b.example/2"],
                created_at="2026-02-03T10:30:00+00:00")  # fmt: skip
    return {row["claim_id"]: row for row in export_rows(database)}


def import_into_fresh(tmp_path, name: str, data: bytes, embedder) -> list[dict]:
    path = tmp_path / name
    path.write_bytes(data)
    fresh = db.connection.open_database(tmp_path / f"fresh-{name}.db")
    import_archive(fresh, path, embedder)
    rows = export_rows(fresh)
    assert {db.verdicts.current_verdict(fresh, r["claim_id"])["origin"] for r in rows} == {"import"}
    fresh.close()
    return rows


def fields(row: dict) -> tuple:
    return (row["claim"], row["verdict"], row["reviewer"], row["reviewed_at"],
            row["rationale"], list(row["sources"]), row["claimant"])  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "claimreview"])
def test_round_trip_through_import(database, exported, tmp_path, fake_embedder, fmt):
    data = export.render(fmt, list(exported.values()), bom=fmt == "csv")
    imported = import_into_fresh(tmp_path, f"ours.{fmt}", data, fake_embedder)
    assert sorted(fields(r) for r in imported) == sorted(fields(r) for r in exported.values())
    assert {r["claim"] for r in imported} >= set(ROUND_TRIP_CLAIMS)


def test_round_trip_keeps_long_claims_in_claimreview(database, add_article, tmp_path,
                                                     fake_embedder):  # fmt: skip
    long_claim = "The council said that " + "the new tram line will carry more riders " * 5
    (claim_id,) = add_article(long_claim.strip() + ".")
    verdict(database, claim_id)
    rows = export_rows(database)
    imported = import_into_fresh(tmp_path, "long.json", export.to_claimreview(rows), fake_embedder)
    assert [r["claim"] for r in imported] == [rows[0]["claim"]]
