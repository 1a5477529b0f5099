"""checks/workflows/searching.py: keyword, semantic and hybrid search, filters, similar claims."""

import pytest

import db.claims
import db.vectors
import db.verdicts
from checks.errors import InvalidValue
from checks.workflows.demo import seed_demo
from checks.workflows.imports import import_archive
from checks.workflows.searching import search, similar_claims


def test_search_modes_and_result_fields(database, archive_file, fake_embedder):
    import_archive(database, archive_file, fake_embedder)
    for mode in ("hybrid", "semantic", "keyword"):
        results = search(database, "tram plan council vote", fake_embedder, mode=mode)
        assert results[0]["external_id"] == "A1", mode
        assert set(results[0]) >= {
            "claim_id", "external_id", "text", "score", "verdict", "numbers",
            "document_id", "document_title", "kind", "archive",
        }  # fmt: skip
        assert results[0]["verdict"] == "mostly-true"
    (top,) = search(database, "spend €2.4 billion on tram lines", fake_embedder, k=1)
    assert (top["external_id"], top["numbers"]) == ("A2", "differ")
    with pytest.raises(InvalidValue):
        search(database, "x", fake_embedder, mode="fuzzy")
    assert search(database, "https://example.org/a", fake_embedder) == []


def test_keyword_search_never_embeds(database, archive_file, fake_embedder):
    import_archive(database, archive_file, fake_embedder)

    class NoModel:
        model_id = fake_embedder.model_id

        def embed(self, texts, **_):
            raise AssertionError("keyword search loaded the model")

    results = search(database, "unemployment", NoModel(), mode="keyword")
    assert [r["external_id"] for r in results] == ["A3"]


def test_search_filters(database, archive_file, fake_embedder, add_doc):
    import_archive(database, archive_file, fake_embedder)
    query = "tram plan council vote"
    labels = {r["verdict"] for r in search(database, query, fake_embedder, label="false")}
    assert labels == {"false"}
    assert search(database, query, fake_embedder, status="new", k=3)[0]["external_id"] == "A3"
    with pytest.raises(InvalidValue, match="999: no such document"):  # as export refuses it
        search(database, query, fake_embedder, document_id=999)
    assert search(database, query, fake_embedder, since="2999-01-01") == []


def test_similar_claims_excludes_itself(database, archive_file, fake_embedder):
    import_archive(database, archive_file, fake_embedder)
    claim_id = db.claims.first_claim_containing(database, "")
    first = next(database.query("SELECT id FROM claims WHERE external_id = 'A2'"))["id"]
    similar = similar_claims(database, first, fake_embedder, k=5)
    assert first not in [r["claim_id"] for r in similar] and claim_id is None


def test_claims_without_vectors_are_found_by_keywords(database, archive_file, fake_embedder):
    from checks.embed import FakeEmbedder

    import_archive(database, archive_file, fake_embedder)

    class OtherModel(FakeEmbedder):
        model_id = "other"

    results = search(database, "unemployment in the region", OtherModel())
    assert results and results[0]["external_id"] == "A3"


@pytest.mark.model
def test_real_model_demo_matches_and_paraphrase_search(database, real_embedder):
    seed_demo(database, real_embedder)
    claim_id = db.claims.first_claim_containing(database, "48 percent of commuters")
    (match,) = db.matches.claim_matches(database, claim_id)
    assert (match["level"], match["numbers"], match["verdict"]) == ("same", "differ", "mostly-true")
    (top,) = search(database, "How many people drive to their jobs?", real_embedder, k=1)
    assert "percent of commuters" in top["text"]


TWINS = (
    "id\tclaim\ttitle\n"
    "T1\tThe bank froze €178 billion of Russian central bank assets.\tEU freezes assets\n"
    "T2\tThe bank froze €187 billion of Russian central bank assets.\tEU freezes assets\n"
    "T3\tCrime rose 38 percent in Chicago last year.\t\n"
)


@pytest.fixture
def twins_file(tmp_path):
    path = tmp_path / "twins.tsv"
    path.write_text(TWINS, encoding="utf-8")
    return path


def test_import_stores_titles_and_their_vectors(database, twins_file, fake_embedder):
    import_archive(database, twins_file, fake_embedder, title_column="title")
    rows = {r["external_id"]: r for r in database.query("SELECT * FROM claims")}
    assert rows["T1"]["title"] == "EU freezes assets" and rows["T3"]["title"] is None
    vectors = db.vectors.rerank_rows(database, "fake", [rows["T1"]["id"], rows["T3"]["id"]])
    assert vectors[rows["T1"]["id"]]["title_vector"].shape == (fake_embedder.dimension,)
    assert vectors[rows["T3"]["id"]]["title_vector"] is None


@pytest.mark.parametrize(
    ("query", "first", "flags"),
    [
        ("The EU froze 178 billion in Russian assets", "T1", {"T1": "same", "T2": "differ"}),
        ("The EU froze €187 billion in Russian assets", "T2", {"T1": "differ", "T2": "same"}),
    ],
)
def test_figures_decide_between_near_twins(
    database, twins_file, query, first, flags, real_embedder
):
    embedder = real_embedder
    import_archive(database, twins_file, embedder, title_column="title")
    results = search(database, query, embedder, k=3)
    assert results[0]["external_id"] == first
    assert {r["external_id"]: r["numbers"] for r in results[:2]} == flags
    assert results[0]["score"] > results[1]["score"]
