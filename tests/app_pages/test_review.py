"""The review page through AppTest: the claim in context, save, skip and back, two reviewers,
filters and paging, similar claims and the bulk verdict."""

from __future__ import annotations

import pytest

import db.claims
import db.connection
import db.documents
import db.matches
import db.vectors
import db.verdicts
from checks.workflows.verdicts import record_verdict
from tests.app_pages.conftest import (
    app_database,
    captions,
    current,
    errors,
    fill,
    named,
    press,
)

# Review: the claim ---------------------------------------------------------------------------


def test_review_opens_the_most_checkworthy_claim_highlighted_and_escaped(app, three):
    app.run()
    assert current(app) == three[0]
    html = next(m.value for m in app.markdown if "<mark" in m.value)
    assert "$" not in html and "&#36;300 billion</mark>" in html
    assert "3 claims in this queue" in app.caption[0].value
    # An HTML table (never cuts a value), in the one number format for people.
    assert app.table[0].value["value"].tolist() == ["300 billion USD"]


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


@pytest.mark.parametrize("value", ["99999", "9" * 30, "-1", "abc"])
def test_deep_link_to_an_unknown_claim_says_so(app, three, value):
    """Beyond 64 bits too (issue 17, item 13): a friendly line, not a traceback."""
    app.query_params["claim"] = value
    app.run()
    assert not app.exception
    assert f"{value}: no such claim" in errors(app)
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
    assert verdict["confidence"] is None  # the slider was not moved
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
