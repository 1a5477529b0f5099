"""AppTest: every page renders, and the reviewer's main flows work end to end in the app."""

from __future__ import annotations

import re
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
from tests.support import add_document

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["app_pages/review.py", "app_pages/ingest.py", "app_pages/search.py",
         "app_pages/dashboard.py", "app_pages/export.py"]  # fmt: skip
ARTICLE = (
    "Lakeport will spend $300 billion on trams by 2030, the mayor said on Monday.\n\n"
    "The plan costs $1 billion more than the 2024 estimate, according to the budget office. "
    "Ridership rose by 12 percent last year.\n\n"
    "Is this the right plan for the city?"
)


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_MODEL", "fake")
    return AppTest.from_file(APP, default_timeout=30)


def money(text: str, snippet: str, start: int, value: float) -> dict:
    """Return a quantity row for `snippet` inside claim `text` that starts at `start`."""
    offset = start + text.index(snippet)
    return {"start": offset, "end": offset + len(snippet), "text": snippet, "value": value,
            "unit": "USD", "kind": "money", "qualifier": None, "per": None}  # fmt: skip


@pytest.fixture
def seed(database):
    """Return a function adding one document whose claims are (text, score, extra) triples."""

    def add(*claims: tuple[str, float, dict], title: str = "Tram plan") -> list[int]:
        rows = [(text, {"score": score, **extra}) for text, score, extra in claims]
        return add_document(database, *rows, title=title, separator="\n\n")

    return add


@pytest.fixture
def three(seed):
    """Three check-worthy claims, highest score first: ids in queue order."""
    first = "The tram line will cost $300 billion over ten years."
    return seed(
        (first, 0.95, {"quantities": [money(first, "$300 billion", 0, 3e11)]}),
        ("Fares went up by 10 percent in March.", 0.8, {"kind": "event"}),
        ("Ridership doubled since the line opened.", 0.7, {"kind": "comparison"}),
    )


def named(app: AppTest, name: str = "Ana") -> AppTest:
    app.run()
    app.sidebar.text_input(key="reviewer_input").input(name).run()
    return app


def current(app: AppTest) -> int:
    return app.session_state["review_current"]


def fill(app: AppTest, claim_id: int, label: str, rationale: str = "", sources: str = ""):
    app.radio(key=f"label-{claim_id}").set_value(label)
    app.text_area(key=f"rationale-{claim_id}").input(rationale)
    app.text_area(key=f"sources-{claim_id}").input(sources)


def press(app: AppTest, label: str) -> AppTest:
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception, app.exception
    return app


def plain(markdown: str) -> str:
    """Return Markdown as the reader sees it (our pages backslash-escape user text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(app: AppTest) -> str:
    return plain(" ".join(e.value for e in app.error))


def captions(app: AppTest) -> str:
    return plain(" ".join(c.value for c in app.caption))


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


# Review: the claim ---------------------------------------------------------------------------


def test_review_opens_the_most_checkworthy_claim_highlighted_and_escaped(app, three):
    app.run()
    assert current(app) == three[0]
    html = next(m.value for m in app.markdown if "<mark" in m.value)
    assert "$" not in html and "&#36;300 billion</mark>" in html
    assert "3 claims in this queue" in app.caption[0].value
    quantities = app.dataframe[0].value
    assert quantities["value"].tolist() == ["300,000,000,000 USD"]


def test_user_text_with_html_and_dollars_is_never_rendered(app, seed):
    seed(("<script>alert(1)</script> costs $5 and *not* $6 at all.", 0.9, {}))
    app.run()
    html = next(m.value for m in app.markdown if "<mark" in m.value)
    assert "<script>" not in html and "$" not in html and "*" not in html


def test_deep_link_opens_that_claim(app, three):
    app.query_params["claim"] = str(three[2])
    app.run()
    assert current(app) == three[2]
    assert app.subheader[0].value == f"Claim {three[2]}"


def test_deep_link_to_an_unknown_claim_says_so(app, three):
    app.query_params["claim"] = "99999"
    app.run()
    assert "99999: no such claim" in errors(app)
    assert current(app) == three[0]


# Review: save, skip, back --------------------------------------------------------------------


def test_save_records_the_verdict_and_opens_the_next_claim(app, three, database):
    named(app)
    fill(app, three[0], "false", "The budget says $3 billion.", "https://example.org/budget")
    press(app, "Save and next")
    verdict = db.verdicts.current_verdict(database, three[0])
    assert verdict["label"] == "false" and verdict["reviewer"] == "Ana"
    assert verdict["rationale"] == "The budget says $3 billion."
    assert verdict["sources"] == ["https://example.org/budget"]
    assert verdict["confidence"] == pytest.approx(0.8)
    assert verdict["seconds_spent"] is not None
    assert current(app) == three[1]
    assert "Saved your verdict" in app.success[0].value


def test_save_needs_a_reviewer_name(app, three, database):
    app.run()
    fill(app, three[0], "true")
    press(app, "Save and next")
    assert "Enter your name" in errors(app)
    assert db.verdicts.current_verdict(database, three[0]) is None


def test_a_bad_source_url_is_refused_and_the_text_kept(app, three, database):
    named(app)
    fill(app, three[0], "true", "Checked.", "not a url")
    press(app, "Save and next")
    assert "not a url: not a web address" in errors(app)
    assert db.verdicts.current_verdict(database, three[0]) is None
    assert app.text_area(key=f"rationale-{three[0]}").value == "Checked."


def test_skip_moves_the_claim_to_the_end_and_writes_nothing(app, three, database):
    named(app)
    press(app, "Skip")
    assert current(app) == three[1]
    press(app, "Skip")
    press(app, "Skip")
    assert current(app) == three[0]  # every claim skipped: the first skip comes back first
    press(app, "Skip")
    assert current(app) == three[1]
    assert not list(database.query("SELECT id FROM verdicts"))


def test_back_returns_to_the_previous_claim(app, three):
    named(app)
    press(app, "Skip")
    press(app, "Skip")
    assert current(app) == three[2]
    press(app, "Back")
    assert current(app) == three[1]
    press(app, "Back")
    assert current(app) == three[0]


def test_history_shows_verdicts_newest_first(app, three, database):
    record_verdict(database, three[0], "true", reviewer="Ben")
    record_verdict(database, three[0], "false", reviewer="Cy", rationale="Recount.")
    app.query_params["claim"] = str(three[0])
    app.run()
    lines = [t.value for t in app.text]
    assert [line.split(" · ")[1:3] for line in lines if " · " in line] == [
        ["Cy", "False"], ["Ben", "True"]
    ]  # fmt: skip
    assert "Recount." in lines


# Review: two reviewers ------------------------------------------------------------------------


def test_a_stale_save_is_refused_with_their_verdict_and_my_text_kept(app, three, database):
    named(app)
    claim = current(app)
    record_verdict(database, claim, "mixed", reviewer="Ben", rationale="Half right.")
    fill(app, claim, "false", "My careful rationale.", "https://example.org/a")
    press(app, "Save and next")
    assert "another reviewer" in errors(app)
    assert "Ben · Mixed" in " ".join(t.value for t in app.text)
    assert app.text_area(key=f"rationale-{claim}").value == "My careful rationale."
    assert [v["reviewer"] for v in db.verdicts.verdict_history(database, claim)] == ["Ben"]
    press(app, "Keep my text and review their version")
    press(app, "Save and next")
    assert [v["reviewer"] for v in db.verdicts.verdict_history(database, claim)] == ["Ana", "Ben"]


# Review: filters and paging -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        pytest.param("f_kind", "comparison", [2], id="kind"),
        pytest.param("f_quantities", "with", [0], id="has-quantities"),
        pytest.param("f_quantities", "without", [1, 2], id="no-quantities"),
        pytest.param("f_status", "checked", [], id="status-checked"),
    ],
)
def test_filters_narrow_the_queue(app, three, key, value, expected):
    app.run()
    app.sidebar.selectbox(key=key).set_value(value).run()
    assert not app.exception, app.exception
    assert app.session_state["review_table_ids"] == [three[i] for i in expected]


def test_minimum_score_and_document_filters(app, three, seed):
    other = seed(("A different paper says the tram costs $2 billion.", 0.6, {}), title="Other")
    app.run()
    app.sidebar.slider(key="f_min_score").set_value(0.75).run()
    assert app.session_state["review_table_ids"] == three[:2]
    app.sidebar.slider(key="f_min_score").set_value(0.0).run()
    document = db.claims.get_claim(app_database(), other[0])["document_id"]
    app.sidebar.selectbox(key="f_document").set_value(document).run()
    assert app.session_state["review_table_ids"] == other
    assert current(app) == other[0]


def app_database():
    from checks import config

    return db.connection.open_database(config.db_path())


def test_queue_pages_with_keyset_paging(app, seed):
    ids = seed(*[(f"Claim number {i} has 4 words or more.", 1 - i / 200, {}) for i in range(60)])
    app.run()
    assert app.session_state["review_table_ids"] == ids[:50]
    press(app, "Next page →")
    assert app.session_state["review_table_ids"] == ids[50:]
    press(app, "← Previous page")
    assert app.session_state["review_table_ids"] == ids[:50]


# Review: similar claims -----------------------------------------------------------------------


@pytest.fixture
def matched(seed, database):
    """A claim with three matches: one with a verdict, one whose numbers differ, one open."""
    ids = seed(
        ("The tram line will cost $300 billion over ten years.", 0.95, {}),
        ("The tram will cost $300 billion across a decade.", 0.5, {}),
        ("The tram line will cost $200 billion over ten years.", 0.5, {}),
        ("Trams will cost $300 billion in ten years.", 0.5, {}),
    )
    record_verdict(database, ids[1], "true", reviewer="Ben")
    rows = [(ids[1], 0.97, "same", "same"), (ids[2], 0.93, "same", "differ"),
            (ids[3], 0.91, "same", "same")]  # fmt: skip
    with db.connection.write_transaction(database):
        db.matches.add_matches(database, [
            {"claim_id": ids[0], "matched_claim_id": other, "similarity": sim, "level": level,
             "numbers": numbers} for other, sim, level, numbers in rows
        ])  # fmt: skip
    return ids


def test_similar_claims_show_verdicts_and_a_numbers_differ_warning(app, matched):
    app.run()
    assert "Similar claims (3)" in [s.value for s in app.subheader]
    assert any("Numbers differ" in w.value for w in app.warning)
    assert "True" in captions(app) and "no verdict yet" in captions(app)


def test_one_click_opens_a_match(app, matched):
    app.run()
    app.button(key=f"open-{matched[0]}-{matched[3]}").click().run()
    assert current(app) == matched[3]


def test_bulk_verdict_applies_to_selected_matches_after_confirmation(app, matched, database):
    record_verdict(database, matched[0], "false", reviewer="Ana", rationale="No.")
    named(app)
    app.query_params["claim"] = str(matched[0])
    app.run()
    app.checkbox(key=f"bulk-{matched[0]}-{matched[3]}").check().run()
    press(app, "Apply “False” to 1 selected")
    assert db.verdicts.current_verdict(database, matched[3]) is None  # nothing before confirming
    press(app, "Confirm")
    applied = db.verdicts.current_verdict(database, matched[3])
    assert applied["label"] == "false" and applied["reviewer"] == "Ana"
    assert db.verdicts.current_verdict(database, matched[2]) is None
    assert db.verdicts.current_verdict(database, matched[1])["label"] == "true"


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
    search_page(app, "tram spending billion", mode)
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
