"""SQL and FTS5 injection: hostile strings in every text field and filter, through the store and
pipeline functions the CLI and the UI call, are stored and matched literally; no table is hurt."""

from __future__ import annotations

import csv
from urllib.parse import quote

import pytest

import db.claims
import db.documents
import db.verdicts
from checks.errors import InvalidValue, UnknownLabel
from checks.workflows.imports import import_archive
from checks.workflows.ingest import ingest_bytes
from checks.workflows.reports import export_rows
from checks.workflows.searching import search
from checks.workflows.verdicts import record_verdict
from db.transfer import count_rows

# Each one is data, never SQL: quotes, comment and statement breaks, LIKE wildcards, FTS5 syntax,
# control characters (no NUL: the CLI and the cleaner refuse NUL bytes as binary input).
HOSTILE = {
    "apostrophe": "O'Brien's",
    "drop-table": "'; DROP TABLE claims; --",
    "drop-verdicts": "Robert'); DROP TABLE verdicts;--",
    "or-true": '" OR 1=1 --',
    "percent": "%",
    "underscore": "_",
    "like-pattern": "100%_sure",
    "double-quote": '"',
    "backslash": "back\\slash \\' \\\"",
    "controls": "bell\x07 escape\x1b[31m tab\tvertical\x0b end",
    "semicolon": "a; b; c",
    "fts-near": "NEAR(tram budget, 3)",
    "fts-and": "tram AND budget",
    "fts-star": "tram*",
    "fts-column": "text: tram",
    "fts-caret": "^tram",
    "fts-parens": "(tram OR",
    "fts-minus": "-tram",
}
IDS = list(HOSTILE)
TABLES = {"documents", "sentences", "claims", "quantities", "embeddings", "matches", "verdicts"}


def table_counts(database) -> dict[str, int]:
    return {t: count_rows(database, t) for t in TABLES}


def assert_intact(database) -> None:
    names = set(database.table_names())
    assert TABLES <= names and "claims_fts" in names
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    fts = database.execute("SELECT count(*) FROM claims_fts").fetchone()[0]
    assert fts == count_rows(database, "claims")


def hostile_url(name: str, value: str) -> str:
    """Return a web address carrying the hostile value in its query: quoted only where a URL
    may hold no space or control character (those are refused as not a web address)."""
    return f"https://example.org/{name}?q={quote(value, safe=SAFE_IN_QUERY)}"


SAFE_IN_QUERY = "'\";%_*()!=-,.:/?&+"


@pytest.fixture
def hostile_db(database, fake_embedder):
    """A database with one document per hostile string: in its title, URL and a sentence."""
    ids = {}
    for n, (name, value) in enumerate(HOSTILE.items()):
        # Padding keeps the control characters under the binary-data share of decode.py.
        text = f"The mayor said {value} costs {n + 2} million euros for the tram budget.\n\n"
        text += "The council meets on Tuesdays in the old town hall by the river. " * 4
        result = ingest_bytes(
            database, text.encode(), f"{name}.txt", fake_embedder,
            title=f"Title {value}", url=hostile_url(name, value),
        )  # fmt: skip
        assert result.added, name
        ids[name] = result.document_id
    return database, ids


def _mayor_claim(database, document_id: int) -> dict:
    """Return the claim of a document's first sentence (the one holding the hostile string)."""
    return next(
        database.query(
            'SELECT id, start, "end", text FROM claims WHERE document_id = ? ORDER BY start',
            [document_id],
        )
    )


@pytest.mark.parametrize("name", IDS)
def test_document_fields_are_stored_literally(hostile_db, name):
    database, ids = hostile_db
    value = HOSTILE[name]
    document = db.documents.get_document(database, ids[name])
    assert document["title"] == f"Title {value}"
    assert document["source_url"] == hostile_url(name, value)
    claim = _mayor_claim(database, ids[name])
    assert document["text"][claim["start"] : claim["end"]] == claim["text"]
    assert db.claims.first_claim_containing(database, claim["text"]) == claim["id"]
    assert_intact(database)
    assert count_rows(database, "documents") == len(HOSTILE)


@pytest.mark.parametrize("name", IDS)
def test_verdict_fields_are_stored_literally(hostile_db, name):
    database, ids = hostile_db
    value = HOSTILE[name]
    claim_id = _mayor_claim(database, ids[name])
    record_verdict(
        database, claim_id["id"], "false", reviewer=f"rev {value}", rationale=value,
        sources=["https://example.org/a'b?c=%25_"],
    )  # fmt: skip
    (verdict,) = db.verdicts.verdict_history(database, claim_id["id"])
    assert (verdict["reviewer"], verdict["rationale"]) == (f"rev {value}".strip(), value)
    assert verdict["sources"] == ["https://example.org/a'b?c=%25_"]
    rows = export_rows(database, reviewer=f"rev {value}".strip())
    assert [r["claim_id"] for r in rows] == [claim_id["id"]]
    assert_intact(database)


@pytest.mark.parametrize("name", IDS)
def test_queue_filters_match_literally(hostile_db, name):
    """A hostile kind or status filter matches nothing (no wildcard, no error)."""
    database, _ = hostile_db
    value = HOSTILE[name]
    everything = db.claims.review_queue(database, checkworthy_only=False, limit=1000)
    assert everything  # there is something a wildcard could leak
    for filters in ({"kind": value}, {"status": value}):
        assert db.claims.count_claims_for_review(database, checkworthy_only=False, **filters) == 0
        assert db.claims.review_queue(database, checkworthy_only=False, **filters) == []
    assert export_rows(database, reviewer=value, include_all=False) == []
    assert_intact(database)


@pytest.mark.parametrize("name", IDS)
def test_unknown_label_filter_is_refused(hostile_db, name):
    database, _ = hostile_db
    with pytest.raises(UnknownLabel):
        export_rows(database, label=HOSTILE[name])


@pytest.mark.parametrize("mode", ["keyword", "hybrid"])
@pytest.mark.parametrize("name", IDS)
def test_search_takes_any_query(hostile_db, fake_embedder, name, mode):
    """FTS5 syntax in a query is searched as words: no error, the tables intact."""
    database, ids = hostile_db
    before = table_counts(database)
    query = f"said {HOSTILE[name]} costs"
    results = search(database, query, fake_embedder, k=5, mode=mode)
    assert len(results) <= 5
    bare = search(database, HOSTILE[name], fake_embedder, k=5, mode=mode)
    assert isinstance(bare, list)
    # A hostile kind or status is no claim kind or status: refused by name, as export refuses it.
    for field in ("kind", "status"):
        with pytest.raises(InvalidValue, match=f"not a claim {field}"):
            search(database, query, fake_embedder, k=5, mode=mode, **{field: HOSTILE[name]})
    assert table_counts(database) == before
    assert_intact(database)


@pytest.mark.parametrize(
    "query", ['"', '""', "*", "NEAR(", "NEAR(a b", "AND", "OR", "NOT", "(", ")", "a:b", "^", "{a}"]
)
def test_bare_fts_syntax_does_not_crash_keyword_search(hostile_db, fake_embedder, query):
    database, _ = hostile_db
    assert isinstance(search(database, query, fake_embedder, mode="keyword"), list)


def test_keyword_search_finds_the_apostrophe_claim(hostile_db, fake_embedder):
    database, ids = hostile_db
    results = search(database, "O'Brien's", fake_embedder, k=3, mode="keyword")
    assert results and "O'Brien's" in results[0]["text"]


def test_archive_import_with_hostile_fields(database, fake_embedder, tmp_path):
    path = tmp_path / "archive.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "claim", "rating"])
        for n, value in enumerate(HOSTILE.values()):
            writer.writerow([f"x{n}{value}", f"Claim {n}: {value} raised taxes by {n}%.", "False"])
    result = import_archive(database, path, fake_embedder)
    assert result.added == len(HOSTILE)
    stored = {r["external_id"] for r in database.query("SELECT external_id FROM claims")}
    assert stored == {f"x{n}{v}" for n, v in enumerate(HOSTILE.values())}
    again = import_archive(database, path, fake_embedder)
    assert again.added == 0
    assert_intact(database)


@pytest.fixture
def db_target(db_path) -> str:
    """SQLite only: this module is about the app, files or SQLite itself (the store, workflow
    and CLI tests run on both backends)."""
    return str(db_path)
