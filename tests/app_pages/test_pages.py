"""Every page through AppTest, and the ingest, dashboard and search pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import db.claims
import db.connection
import db.documents
import db.matches
import db.vectors
import db.verdicts
from checks.workflows.ingest import ingest_bytes
from checks.workflows.verdicts import record_verdict
from tests.app_pages.conftest import (
    APP,
    ARTICLE,
    PAGES,
    app_database,
    current,
    errors,
    named,
    plain,
    press,
)

# Every page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_database(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title


def test_every_page_renders_with_claims_and_verdicts(app, three, database):
    record_verdict(database, three[0], "false", reviewer="Ben", seconds_spent=30)
    app.run()
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)


def test_reviewer_name_is_remembered_across_pages(app):
    named(app).switch_page("app_pages/dashboard.py").run()
    assert app.session_state["reviewer"] == "Ana"


# Ingest ----------------------------------------------------------------------------------------


def ingest_page(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("app_pages/ingest.py").run()


def test_ingest_pasted_text_then_start_reviewing_it(app, database):
    ingest_page(app)
    app.text_area(key="ingest_text").input(ARTICLE)
    app.text_input(key="ingest_title").input("Tram budget")
    press(app, "Ingest")
    summary = app.dataframe[0].value
    assert summary["title"].tolist() == ["Tram budget"]
    assert summary["claims"].iloc[0] >= 3
    document = int(summary["document"].iloc[0])
    press(app, "Start reviewing")
    assert app.session_state["f_document"] == document
    claim = db.claims.get_claim(database, current(app))
    assert claim["document_id"] == document


@pytest.mark.parametrize("title", ["Q3 report.pdf", "notes.html"])
def test_pasted_text_is_text_whatever_its_title(app, database, title):
    ingest_page(app)
    app.text_area(key="ingest_text").input("<b>Bold</b> claims: " + ARTICLE)
    app.text_input(key="ingest_title").input(title)
    press(app, "Ingest")
    assert not app.error, [e.value for e in app.error]  # was: "not a readable PDF"
    document = int(app.dataframe[0].value["document"].iloc[0])
    text = db.documents.get_document(database, document)["text"]
    assert text.startswith("<b>Bold</b> claims:")  # was: tags stripped as HTML


def test_page_icon_ships_with_the_app():
    """A ":material/...:" page icon is fetched from a font CDN on every page load."""
    source = Path(APP).read_text(encoding="utf-8")
    assert ":material/" not in source.split("set_page_config", 1)[1].split("\n", 1)[0]
    icon = Path(APP).parent / "static" / "claimdesk-icon.png"
    assert icon.read_bytes().startswith(b"\x89PNG")


def test_ingest_reports_bad_files_and_keeps_the_good_ones(app, database):
    ingest_page(app)
    app.file_uploader(key="ingest_files").set_value([
        ("empty.txt", b"", "text/plain"),
        ("good.txt", ARTICLE.encode(), "text/plain"),
        ("binary.txt", b"\x00\x01\x02 not text \x00", "text/plain"),
    ])  # fmt: skip
    press(app, "Ingest")
    messages = errors(app)
    assert "empty.txt" in messages and "binary.txt" in messages
    assert app.dataframe[0].value["file"].tolist() == ["good.txt"]
    assert db.documents.count_documents(database) == 1


def test_ingest_refuses_a_bad_source_url(app, database):
    ingest_page(app)
    app.text_area(key="ingest_text").input(ARTICLE)
    app.text_input(key="ingest_url").input("ftp:/nowhere")
    press(app, "Ingest")
    assert "not a web address" in errors(app)
    assert db.documents.count_documents(database) == 0


@pytest.mark.model
def test_ingest_and_review_with_the_real_model(db_path, monkeypatch, database):
    monkeypatch.delenv("CLAIMDESK_MODEL", raising=False)
    app = AppTest.from_file(APP, default_timeout=120)
    ingest_page(app)
    app.text_area(key="ingest_text").input(ARTICLE)
    press(app, "Ingest")
    summary = app.dataframe[0].value
    assert summary["claims"].iloc[0] >= 3
    press(app, "Start reviewing")
    claim = db.claims.get_claim(database, current(app))
    assert claim["document_id"] == int(summary["document"].iloc[0])
    assert not db.vectors.missing_embeddings(database, "all-MiniLM-L6-v2", {claim["content_hash"]})
    search_page(app, "How much money goes to the streetcar network?", "semantic")
    assert any("$300 billion" in t.value for t in app.text)


# Dashboard ---------------------------------------------------------------------------------------


def test_dashboard_counts_and_reviewer_activity(app, three, database):
    record_verdict(database, three[0], "false", reviewer="Ana", seconds_spent=40)
    record_verdict(database, three[1], "true", reviewer="Ana", seconds_spent=60)
    record_verdict(database, three[2], "true", reviewer="Ben", seconds_spent=10)
    app.run()
    app.switch_page("app_pages/dashboard.py").run()
    assert not app.exception, app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Claims"] == "3" and metrics["Check-worthy with a verdict"] == "3 (100%)"
    activity = next(d.value for d in app.dataframe if "reviewer" in d.value.columns)
    assert activity.set_index("reviewer")["median_seconds"].to_dict() == {"Ana": 50, "Ben": 10}


# Search ------------------------------------------------------------------------------------------


@pytest.fixture
def archive(database, fake_embedder):
    """Two ingested documents (fake embedder), one claim with a verdict."""
    for name, text in [("a.txt", ARTICLE), ("b.txt", "The harbour bridge repairs cost $40 "
                       "million in 2023, the port authority reported.")]:  # fmt: skip
        ingest_bytes(database, text.encode(), name, fake_embedder)
    claim = db.claims.first_claim_containing(database, "$300 billion")
    record_verdict(database, claim, "false", reviewer="Ana", rationale="Made up.")
    return claim


def search_page(app: AppTest, query: str, mode: str = "hybrid") -> AppTest:
    app.run()
    app.switch_page("app_pages/search.py").run()
    app.radio(key="search_mode").set_value(mode)
    app.text_input(key="search_query").input(query)
    return press(app, "Search")


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "keyword"])
def test_search_finds_a_claim_with_its_verdict_and_a_link_into_review(app, archive, mode):
    search_page(app, "spend billion on trams", mode)
    assert app.text[0].value.startswith("Lakeport will spend $300 billion")
    assert "False" in plain(app.caption[0].value) and "a.txt" in plain(app.caption[0].value)
    assert f"Open claim {archive} in review" in [link.label for link in app.get("page_link")]


def test_search_filters_by_label(app, archive):
    search_page(app, "billion", "keyword")
    app.selectbox(key="search_label").set_value("false").run()
    assert [t.value for t in app.text] == [db.claims.get_claim(app_database(), archive)["text"]]


def test_find_similar_from_a_result(app, archive):
    search_page(app, "harbour bridge repairs", "keyword")
    first = app.button[1]  # the first result's "Find similar" (after the form's button)
    first.click().run()
    assert not app.exception, app.exception
    assert any(s.value.startswith("Claims similar to claim") for s in app.subheader)
