"""checks/workflows/matching.py: the vector index and matches to earlier verdicts."""

import json

import db.claims
import db.verdicts
from checks.workflows.demo import seed_demo
from checks.workflows.imports import import_archive
from checks.workflows.ingest import ingest_file
from checks.workflows.matching import vector_index
from checks.workflows.searching import search


def test_index_refreshes_incrementally(database, archive_file, fake_embedder, tmp_path):
    from checks.workflows.imports import import_archive

    import_archive(database, archive_file, fake_embedder)
    search(database, "tram plan", fake_embedder)
    index = vector_index(database, fake_embedder.model_id)
    before = index.high_water
    more = tmp_path / "more.csv"
    more.write_text("id,claim\nB1,Ferries carry 12000 passengers a day in summer.\n")
    import_archive(database, more, fake_embedder)
    results = search(database, "ferries passengers a day", fake_embedder, k=1)
    assert results[0]["external_id"] == "B1"
    assert vector_index(database, fake_embedder.model_id) is index
    assert index.high_water > before and len(index) == 4


def test_ingest_matches_earlier_verdicts_and_flags_numbers(
    database, archive_file, fake_embedder, tmp_path
):
    import_archive(database, archive_file, fake_embedder)
    doc = tmp_path / "news.md"
    doc.write_text(
        "# Tram news\n\nLakeport will spend €2.4 billion on the new tram lines.\n\n"
        "The weather was pleasant for the whole of the long weekend.\n",
        encoding="utf-8",
    )
    result = ingest_file(database, doc, fake_embedder)
    assert result.matches >= 1
    claim_id = db.claims.first_claim_containing(database, "€2.4 billion")
    (match, *_) = db.matches.claim_matches(database, claim_id)
    assert (match["external_id"], match["numbers"], match["verdict"]) == ("A2", "differ", "false")
    assert match["level"] in ("suggest", "same")
    again = ingest_file(database, doc, fake_embedder)
    assert not again.added and again.matches == 0


def test_fill_in_adds_matches_to_known_documents(database, archive_file, fake_embedder, tmp_path):
    doc = tmp_path / "news.md"
    doc.write_text("Lakeport will spend €2.8 billion on the new tram lines.\n", encoding="utf-8")
    ingest_file(database, doc, fake_embedder)
    import_archive(database, archive_file, fake_embedder)
    again = ingest_file(database, doc, fake_embedder)
    assert again.matches == 1 and "1 matches" in again.filled
    claim_id = db.claims.first_claim_containing(database, "€2.8 billion")
    assert db.matches.claim_matches(database, claim_id)[0]["numbers"] == "same"


def test_seed_demo_shows_matches_with_a_numbers_warning(database, fake_embedder):
    seed_demo(database, fake_embedder)
    rows = list(database.query("SELECT numbers FROM matches"))
    assert rows and "differ" in {r["numbers"] for r in rows}
    assert json.dumps(rows)
