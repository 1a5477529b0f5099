"""AppTest of what a newcomer trips over (issue 14): the demo banner and its removal, the
verdict form's rules, filters kept for the session, links, figures, warnings and dates."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

import db.claims
import db.connection
import db.demo
import db.documents
import db.matches
import db.verdicts
from checks.workflows.verdicts import record_verdict
from tests.app_pages.conftest import APP, errors, fill, money, named, plain, press
from tests.support import add_document


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_MODEL", "fake")
    monkeypatch.delenv("CLAIMDESK_REVIEW_URL", raising=False)
    return AppTest.from_file(APP, default_timeout=30)


def _seed(database, *texts: str, title: str = "Tram plan") -> list[int]:
    return add_document(database, *texts, title=title, separator="\n\n")


@pytest.fixture
def with_demo(database):
    """A real document and a demo document, each with one reviewed claim."""
    real = _seed(database, "Our council spent 4 million euros on buses last year.", title="Ours")
    fake = _seed(database, "Lakeport spent 9 million euros on trams last year.", title="Demo")
    db.demo.mark_document(database, db.claims.get_claim(database, fake[0])["document_id"])
    record_verdict(database, real[0], "true", reviewer="Ana", rationale="Budget.")
    record_verdict(database, fake[0], "false", reviewer="Ben (demo)", rationale="Demo.")
    return real[0], fake[0]


def test_demo_banner_and_removal_of_the_demo_only(app, with_demo, database):
    real, fake = with_demo
    app.run()
    assert any("Demo data: 1 fictional articles" in w.value for w in app.warning)
    press(app, "Remove the demo")
    assert db.documents.count_documents(database) == 2  # nothing before confirming
    press(app, "Remove the demo now")
    assert not any("Demo data" in w.value for w in app.warning)
    assert "Removed the demo: 1 documents, 1 claims and 1 verdicts" in app.success[0].value
    assert [d["title"] for d in db.documents.list_documents(database)] == ["Ours"]
    assert db.verdicts.current_verdict(database, real)["label"] == "true"


def test_dashboard_and_export_leave_the_demo_out_unless_asked(app, with_demo):
    app.run()
    app.switch_page("app_pages/dashboard.py").run()
    assert {m.label: m.value for m in app.metric}["Claims"] == "1"
    app.toggle(key="dashboard_demo").set_value(True).run()
    assert {m.label: m.value for m in app.metric}["Claims"] == "2"
    app.switch_page("app_pages/export.py").run()
    assert "Matching claims: 1." in app.caption[0].value
    app.checkbox(key="export_demo").check().run()
    assert "Matching claims: 2." in app.caption[0].value


@pytest.mark.parametrize(("label", "saved"), [("true", False), ("not-a-claim", True)])
def test_a_rationale_is_required_for_every_label_but_not_a_claim(app, database, label, saved):
    (claim,) = _seed(database, "The council spent 4 million euros on buses last year.")
    named(app)
    fill(app, claim, label)
    press(app, "Save and next")
    assert (db.verdicts.current_verdict(database, claim) is not None) == saved
    assert ("Write a rationale" in errors(app)) != saved


def test_confidence_is_saved_only_when_moved(app, database):
    (claim,) = _seed(database, "The council spent 4 million euros on buses last year.")
    named(app)
    fill(app, claim, "true", "The budget.")
    app.select_slider(key=f"confidence-{claim}").set_value(0.9)
    press(app, "Save and next")
    assert db.verdicts.current_verdict(database, claim)["confidence"] == pytest.approx(0.9)


def test_queue_filters_are_kept_across_pages(app, database):
    _seed(database, "The council spent 4 million euros on buses last year.", title="One")
    _seed(database, "The council spent 5 million euros on trams last year.", title="Two")
    first = db.documents.list_documents(database)[-1]["id"]
    app.run()
    app.sidebar.selectbox(key="f_document").set_value(first).run()
    app.switch_page("app_pages/ingest.py").run()
    app.switch_page("app_pages/review.py").run()
    assert app.sidebar.selectbox(key="f_document").value == first


def test_history_sources_are_links_only_when_web_addresses(app, database):
    (claim,) = _seed(database, "The council spent 4 million euros on buses last year.")
    sources = ["https://example.org/a?x=1&y=<2>", "the minutes, p. 4"]
    db.verdicts.record_verdict(database, claim, reviewer="Ana", label="true", sources=sources)
    app.query_params["claim"] = str(claim)
    app.run()
    links = [m.value for m in app.markdown if "<a href=" in m.value]
    assert links == [
        '<a href="https://example.org/a?x=1&amp;y=&lt;2&gt;" target="_blank" '
        'rel="noopener noreferrer">https://example.org/a?x=1&#38;y=&#60;2&#62;</a>'
    ]
    assert "the minutes, p. 4" in [t.value for t in app.text]


def test_numbers_differ_card_shows_both_figures(app, database):
    mine = "The tram line will cost $300 billion over ten years."
    theirs = "The tram line will cost $200 billion over ten years."
    ids = _seed(database, mine, theirs)
    match = {"claim_id": ids[0], "matched_claim_id": ids[1], "similarity": 0.93,
             "level": "same", "numbers": "differ"}  # fmt: skip
    with db.connection.write_transaction(database):
        for claim, text, value in ((ids[0], mine, 3e11), (ids[1], theirs, 2e11)):
            row = money(text, f"${value / 1e9:.0f} billion", 0, value)
            database.table("quantities").insert({**row, "claim_id": claim})
        db.matches.add_matches(database, [match])
    app.run()
    (warning,) = [w.value for w in app.warning if "Numbers differ" in w.value]
    assert "300 billion USD here, 200 billion USD there" in warning.replace("\\", "")


def test_ingesting_a_known_document_says_so_with_its_real_counts(app, database):
    text = "The council spent 4 million euros on buses last year. Fares rose by 10 percent."
    app.run()
    app.switch_page("app_pages/ingest.py").run()
    for _ in range(2):
        app.text_area(key="ingest_text").input(text)
        press(app, "Ingest")
    (document,) = db.documents.list_documents(database)
    shown = " ".join(t.value for t in app.text)
    assert f"already in the archive as document {document['id']}, nothing added" in shown
    assert f"It holds {document['claims']} claims" in shown and document["claims"] > 0
    assert "Start reviewing" in [b.label for b in app.button]


def test_export_page_warns_while_review_addresses_are_local(app, database, monkeypatch):
    app.run()
    app.switch_page("app_pages/export.py").run()
    assert any("CLAIMDESK_REVIEW_URL" in plain(w.value) for w in app.warning)
    monkeypatch.setenv("CLAIMDESK_REVIEW_URL", "https://desk.example.org/review/{id}")
    app.run()
    assert not any("CLAIMDESK_REVIEW_URL" in plain(w.value) for w in app.warning)


def test_dashboard_shows_dates_and_claims_by_kind_with_counts_across(app, database):
    (claim,) = _seed(database, "The council spent 4 million euros on buses last year.")
    record_verdict(database, claim, "true", reviewer="Ana", seconds_spent=30)
    app.run()
    app.switch_page("app_pages/dashboard.py").run()
    activity = next(d.value for d in app.dataframe if "reviewer" in d.value.columns)
    latest = activity["latest"].iloc[0]
    assert str(latest) == db.connection.now()[:10]  # a date, not a cut-off time
    specs = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    encodings = {tuple(sorted(f["field"] for f in s["encoding"].values() if "field" in f)):
                 s["encoding"] for s in specs}  # fmt: skip
    kinds = encodings[("count", "kind", "status")]
    assert (kinds["x"]["field"], kinds["x"]["type"]) == ("count", "quantitative")
    assert (kinds["y"]["field"], kinds["y"]["title"]) == ("kind", "kind")
    days = next(e for e in encodings.values() if e["x"]["field"] == "day")
    assert days["x"]["type"] == "temporal"
