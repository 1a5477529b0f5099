"""Import, search, similar claims and matching at ingest, on a real database file."""

import json

import pytest

from checks import pipeline
from checks.errors import InvalidValue, MalformedArchive
from db import connection, store
from db.transfer import count_rows

ARCHIVE = (
    "id,claim,rating\n"
    "A1,The city council voted 31 to 14 to approve the tram plan.,Mostly True\n"
    "A2,Lakeport will spend €2.8 billion on the new tram lines.,Pants on Fire\n"
    "A3,Unemployment in the region fell to 4 percent last spring.,\n"
)


@pytest.fixture
def archive_file(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(ARCHIVE, encoding="utf-8")
    return path


def test_import_adds_claims_verdicts_and_embeddings(database, archive_file, fake_embedder):
    result = pipeline.import_archive(database, archive_file, fake_embedder)
    assert (result.archive, result.rows, result.added, result.skipped, result.verdicts) == (
        "desk.csv", 3, 3, 0, 2,
    )  # fmt: skip
    rows = list(database.query("SELECT * FROM claims ORDER BY id"))
    assert [r["external_id"] for r in rows] == ["A1", "A2", "A3"]
    assert all(r["archive"] == "desk.csv" and r["document_id"] is None for r in rows)
    verdict = store.current_verdict(database, rows[1]["id"])
    assert (verdict["label"], verdict["origin"], verdict["original_rating"]) == (
        "false", "import", "Pants on Fire",
    )  # fmt: skip
    assert store.claim_quantities(database, rows[1]["id"])[0]["unit"] == "EUR"
    assert count_rows(database, "embeddings") == 3


def test_import_rerun_skips_present_rows(database, archive_file, fake_embedder):
    pipeline.import_archive(database, archive_file, fake_embedder)
    archive_file.write_text(ARCHIVE + "A4,A fourth claim that arrived later on.,False\n")
    again = pipeline.import_archive(database, archive_file, fake_embedder)
    assert (again.added, again.skipped, again.verdicts) == (1, 3, 1)
    assert count_rows(database, "claims") == 4


def test_interrupted_import_resumes_without_duplicates(
    database, archive_file, fake_embedder, monkeypatch
):
    from checks import archive_pipeline

    monkeypatch.setattr(archive_pipeline, "IMPORT_BATCH", 1)
    calls = {"n": 0}
    real = archive_pipeline._import_batch

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(archive_pipeline, "_import_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        pipeline.import_archive(database, archive_file, fake_embedder)
    assert count_rows(database, "claims") == 1
    monkeypatch.setattr(archive_pipeline, "_import_batch", real)
    result = pipeline.import_archive(database, archive_file, fake_embedder)
    assert (result.added, result.skipped) == (2, 1)
    assert count_rows(database, "claims") == 3


def test_rows_without_ids_are_known_by_text(database, tmp_path, fake_embedder):
    path = tmp_path / "plain.jsonl"
    path.write_text('{"claim": "One claim with no id at all."}\n' * 2, encoding="utf-8")
    assert pipeline.import_archive(database, path, fake_embedder).added == 1
    assert pipeline.import_archive(database, path, fake_embedder).added == 0


def test_malformed_archive_writes_nothing(database, tmp_path, fake_embedder):
    path = tmp_path / "bad.csv"
    path.write_text(ARCHIVE + "A9,too,many,fields\n", encoding="utf-8")
    with pytest.raises(MalformedArchive, match="line 5"):
        pipeline.import_archive(database, path, fake_embedder)
    assert count_rows(database, "claims") == 0


def test_search_modes_and_result_fields(database, archive_file, fake_embedder):
    pipeline.import_archive(database, archive_file, fake_embedder)
    for mode in ("hybrid", "semantic", "keyword"):
        results = pipeline.search(database, "tram plan council vote", fake_embedder, mode=mode)
        assert results[0]["external_id"] == "A1", mode
        assert set(results[0]) >= {
            "claim_id", "external_id", "text", "score", "verdict", "numbers",
            "document_id", "document_title", "kind", "archive",
        }  # fmt: skip
        assert results[0]["verdict"] == "mostly-true"
    (top,) = pipeline.search(database, "spend €2.4 billion on tram lines", fake_embedder, k=1)
    assert (top["external_id"], top["numbers"]) == ("A2", "differ")
    with pytest.raises(InvalidValue):
        pipeline.search(database, "x", fake_embedder, mode="fuzzy")
    assert pipeline.search(database, "https://example.org/a", fake_embedder) == []


def test_keyword_search_never_embeds(database, archive_file, fake_embedder):
    pipeline.import_archive(database, archive_file, fake_embedder)

    class NoModel:
        model_id = fake_embedder.model_id

        def embed(self, texts, **_):
            raise AssertionError("keyword search loaded the model")

    results = pipeline.search(database, "unemployment", NoModel(), mode="keyword")
    assert [r["external_id"] for r in results] == ["A3"]


def test_search_filters(database, archive_file, fake_embedder, add_doc):
    pipeline.import_archive(database, archive_file, fake_embedder)
    query = "tram plan council vote"
    labels = {r["verdict"] for r in pipeline.search(database, query, fake_embedder, label="false")}
    assert labels == {"false"}
    assert (
        pipeline.search(database, query, fake_embedder, status="new", k=3)[0]["external_id"] == "A3"
    )
    assert pipeline.search(database, query, fake_embedder, document_id=999) == []
    assert pipeline.search(database, query, fake_embedder, since="2999-01-01") == []


def test_index_refreshes_incrementally(database, archive_file, fake_embedder, tmp_path):
    from checks import archive_pipeline

    in_process = not connection.indexes_vectors(database)  # PostgreSQL: HNSW is the index
    pipeline.import_archive(database, archive_file, fake_embedder)
    pipeline.search(database, "tram plan", fake_embedder)
    if in_process:
        index = archive_pipeline.vector_index(database, fake_embedder.model_id)
        before = index.high_water
    more = tmp_path / "more.csv"
    more.write_text("id,claim\nB1,Ferries carry 12000 passengers a day in summer.\n")
    pipeline.import_archive(database, more, fake_embedder)
    results = pipeline.search(database, "ferries passengers a day", fake_embedder, k=1)
    assert results[0]["external_id"] == "B1"
    if in_process:
        assert archive_pipeline.vector_index(database, fake_embedder.model_id) is index
        assert index.high_water > before and len(index) == 4


def test_similar_claims_excludes_itself(database, archive_file, fake_embedder):
    pipeline.import_archive(database, archive_file, fake_embedder)
    claim_id = store.first_claim_containing(database, "")
    first = next(database.query("SELECT id FROM claims WHERE external_id = 'A2'"))["id"]
    similar = pipeline.similar_claims(database, first, fake_embedder, k=5)
    assert first not in [r["claim_id"] for r in similar] and claim_id is None


def test_ingest_matches_earlier_verdicts_and_flags_numbers(
    database, archive_file, fake_embedder, tmp_path
):
    pipeline.import_archive(database, archive_file, fake_embedder)
    doc = tmp_path / "news.md"
    doc.write_text(
        "# Tram news\n\nLakeport will spend €2.4 billion on the new tram lines.\n\n"
        "The weather was pleasant for the whole of the long weekend.\n",
        encoding="utf-8",
    )
    result = pipeline.ingest_file(database, doc, fake_embedder)
    assert result.matches >= 1
    claim_id = store.first_claim_containing(database, "€2.4 billion")
    (match, *_) = store.matches_for_claim(database, claim_id)
    assert (match["external_id"], match["numbers"], match["verdict"]) == ("A2", "differ", "false")
    assert match["level"] in ("suggest", "same")
    again = pipeline.ingest_file(database, doc, fake_embedder)
    assert not again.added and again.matches == 0


def test_fill_in_adds_matches_to_known_documents(database, archive_file, fake_embedder, tmp_path):
    doc = tmp_path / "news.md"
    doc.write_text("Lakeport will spend €2.8 billion on the new tram lines.\n", encoding="utf-8")
    pipeline.ingest_file(database, doc, fake_embedder)
    pipeline.import_archive(database, archive_file, fake_embedder)
    again = pipeline.ingest_file(database, doc, fake_embedder)
    assert again.matches == 1 and "1 matches" in again.filled
    claim_id = store.first_claim_containing(database, "€2.8 billion")
    assert store.matches_for_claim(database, claim_id)[0]["numbers"] == "same"


def test_seed_demo_shows_matches_with_a_numbers_warning(database, fake_embedder):
    pipeline.seed_demo(database, fake_embedder)
    rows = list(database.query("SELECT numbers FROM matches"))
    assert rows and "differ" in {r["numbers"] for r in rows}
    assert json.dumps(rows)


def test_claims_without_vectors_are_found_by_keywords(database, archive_file, fake_embedder):
    from checks.embed import FakeEmbedder

    pipeline.import_archive(database, archive_file, fake_embedder)

    class OtherModel(FakeEmbedder):
        model_id = "other"

    results = pipeline.search(database, "unemployment in the region", OtherModel())
    assert results and results[0]["external_id"] == "A3"


@pytest.mark.model
def test_real_model_demo_matches_and_paraphrase_search(database, real_embedder):
    pipeline.seed_demo(database, real_embedder)
    claim_id = store.first_claim_containing(database, "48 percent of commuters")
    (match,) = store.matches_for_claim(database, claim_id)
    assert (match["level"], match["numbers"], match["verdict"]) == ("same", "differ", "mostly-true")
    (top,) = pipeline.search(database, "How many people drive to their jobs?", real_embedder, k=1)
    assert "percent of commuters" in top["text"]
