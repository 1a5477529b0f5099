"""Verdict reports: CSV, ClaimReview JSON-LD and Markdown, their filters and their safety."""

from __future__ import annotations

import json

import pytest

import db.claims
import db.connection
import db.documents
import db.exports
import db.verdicts
from checks import export, report_markdown
from checks.labels import DISPLAY_NAMES, LABELS
from checks.workflows.reports import export_report
from tests.support import csv_rows, verdict

EUROS = {"start": 20, "end": 32, "text": "€178 billion", "value": 178e9, "unit": "EUR",
         "kind": "money", "qualifier": None, "per": None}  # fmt: skip


def report(database, fmt: str = "csv", **filters) -> bytes:
    return export_report(database, fmt, **filters)


# CSV ---------------------------------------------------------------------------------------


def test_csv_columns_and_fields(database, add_article):
    (claim_id,) = add_article(
        "Ministers said they spent €178 billion on rail last year.",
        claim_extra=[{"claimant": "Jo Baker", "quantities": [EUROS]}],
        source_url="https://news.example/rail",
        published_at="2026-03-01",
    )
    verdict(database, claim_id, "mostly-true", reviewer="Bo", rationale="First look.")
    verdict(database, claim_id, sources=["https://a.example/1", "https://b.example/2"])
    data = report(database)
    assert data.splitlines()[0].decode() == ",".join(export.CSV_COLUMNS)
    (row,) = csv_rows(data)
    assert row["claim_id"] == str(claim_id)
    assert (
        row["claim"]
        == row["sentence"]
        == ("Ministers said they spent €178 billion on rail last year.")
    )
    assert (row["kind"], float(row["score"])) == ("statistic", 0.9)
    assert row["quantities"] == "178000000000 EUR"
    assert row["claimant"] == "Jo Baker"
    assert (row["document"], row["source_url"]) == ("Budget story", "https://news.example/rail")
    assert row["published"] == "2026-03-01"
    assert (row["verdict"], row["reviewer"]) == ("false", "Ana")
    assert row["rationale"] == "The budget says otherwise."
    assert row["sources"] == "https://a.example/1; https://b.example/2"
    assert row["reviewed_at"][:4] == db.connection.now()[:4]
    assert row["earlier_verdicts"] == "1"


def test_csv_sentence_is_the_stored_sentence(database, add_article):
    first, second = add_article("Taxes rose by 4 percent.", "Jobs fell by 2,000 in the port.")
    verdict(database, second)
    (row,) = csv_rows(report(database))
    assert row["sentence"] == "Jobs fell by 2,000 in the port."


@pytest.mark.parametrize(
    "quantity, expected",
    [
        pytest.param(EUROS, "178000000000 EUR", id="money-scaled"),
        pytest.param(
            {"value": 45.0, "unit": "%", "kind": "percent", "qualifier": "about"},
            "about 45%",
            id="percent-qualifier",
        ),  # fmt: skip
        pytest.param(
            {"value": 2.5, "unit": "USD", "kind": "money", "per": "hour"},
            "2.5 USD per hour",
            id="rate",
        ),  # fmt: skip
        pytest.param({"value": 20260310.0, "unit": None, "kind": "date"}, "2026-03-10", id="date"),
        pytest.param({"value": 2025.0, "unit": None, "kind": "year"}, "2025", id="year"),
        pytest.param({"value": -3.5, "unit": "°", "kind": "measure"}, "-3.5°", id="negative"),
        pytest.param({"value": 0.125, "unit": "km", "kind": "measure"}, "0.125 km", id="decimal"),
    ],
)
def test_format_quantity(quantity, expected):
    assert export.format_quantity(quantity) == expected


def test_format_quantities_joins_ranges_and_lists():
    low = {"value": 5.0, "unit": "%", "kind": "percent", "qualifier": "range"}
    high = {**low, "value": 10.0}
    year = {"value": 2024.0, "unit": None, "kind": "year"}
    assert export.format_quantities([low, high, year]) == "5% to 10%; 2024"


INJECTIONS = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", "\tTAB", "\rCR=1+1"]


@pytest.mark.parametrize("payload", INJECTIONS, ids=["equals", "plus", "at", "minus", "tab", "cr"])
@pytest.mark.parametrize("column", ["claim", "claimant", "document", "rationale", "reviewer"])
def test_csv_neutralises_formulas_in_text_columns(database, add_article, column, payload):
    claim_text = payload if column == "claim" else "Fares rose by 3 percent."
    title = payload if column == "document" else "Fares"
    extra = {"claimant": payload if column == "claimant" else None}
    (claim_id,) = add_article(claim_text, title=title, claim_extra=[extra])
    verdict(
        database,
        claim_id,
        reviewer=payload if column == "reviewer" else "Ana",
        rationale=payload if column == "rationale" else "ok",
    )
    (row,) = csv_rows(report(database))
    assert row[column] == "'" + payload


def test_csv_keeps_numbers_numeric_and_negative(database, add_article):
    negative = {"value": -2.0, "unit": "%", "kind": "percent", "start": 0, "end": 3, "text": "-2%"}
    (claim_id,) = add_article(
        "-2% was the change in fares.", claim_extra=[{"score": -0.25, "quantities": [negative]}]
    )
    verdict(database, claim_id)
    data = report(database).decode()
    line = data.splitlines()[1]
    assert line.startswith(f"{claim_id},'-2% was the change in fares.,statistic,-0.25,'-2%,")
    assert line.endswith(",0")
    (row,) = csv_rows(data.encode())
    assert float(row["score"]) == -0.25


def test_csv_quotes_cells_with_commas_quotes_and_newlines(database, add_article):
    (claim_id,) = add_article('He said "no", twice.')
    verdict(database, claim_id, rationale="Line one.\nLine two, with a comma.")
    (row,) = csv_rows(report(database))
    assert row["claim"] == 'He said "no", twice.'
    assert row["rationale"] == "Line one.\nLine two, with a comma."


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_csv_byte_order_mark_is_optional(database, add_article, bom):
    (claim_id,) = add_article("Rents rose by 7 percent in Oslo.")
    verdict(database, claim_id)
    data = report(database, bom=bom)
    assert data.startswith(b"\xef\xbb\xbf") is bom
    assert data.decode("utf-8-sig").startswith("claim_id,claim,")


def test_guard_cell_leaves_safe_text_alone():
    assert export.guard_cell("Rents rose.") == "Rents rose."
    assert export.guard_cell(" =1") == " =1"
    assert export.guard_cell("") == ""


# ClaimReview -------------------------------------------------------------------------------

# The fields Google's fact-check markup documents as required, and as recommended.
GOOGLE_REQUIRED = ("claimReviewed", "reviewRating", "url")
GOOGLE_RECOMMENDED = ("author", "itemReviewed", "datePublished")


def google_problems(review: dict) -> list[str]:
    """Return what a ClaimReview lacks against Google's documented fact-check fields."""
    problems = [
        f"missing {f}" for f in (*GOOGLE_REQUIRED, *GOOGLE_RECOMMENDED) if not review.get(f)
    ]
    if review.get("@context") != "https://schema.org" or review.get("@type") != "ClaimReview":
        problems.append("not a schema.org ClaimReview")
    rating = review.get("reviewRating") or {}
    if rating.get("@type") != "Rating" or not rating.get("alternateName"):
        problems.append("reviewRating needs @type Rating and alternateName")
    if "ratingValue" in rating and not (
        rating.get("worstRating", 1) <= rating["ratingValue"] <= rating.get("bestRating", 5)
    ):
        problems.append("ratingValue outside worstRating..bestRating")
    if (review.get("author") or {}).get("@type") not in ("Organization", "Person"):
        problems.append("author must be an Organization or Person")
    if not (review.get("author") or {}).get("name"):
        problems.append("author needs a name")
    item = review.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        problems.append("itemReviewed must be a Claim")
    if not str(review.get("url", "")).startswith(("http://", "https://")):
        problems.append("url must be an absolute address")
    return problems


def test_claimreview_fields(database, add_article, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_ORG", "Harbour Checks")
    monkeypatch.setenv("CLAIMDESK_REVIEW_URL", "https://checks.example/review/{id}")
    (claim_id,) = add_article(
        "The mayor said the port moved 9 million tonnes.",
        claim_extra=[{"claimant": "Mayor Ida Holm"}],
        source_url="https://news.example/port",
        published_at="2026-02-02",
    )
    verdict(database, claim_id, "mostly-false", sources=["https://stats.example/port"])
    (review,) = json.loads(report(database, "claimreview"))
    assert google_problems(review) == []
    assert review["url"] == f"https://checks.example/review/{claim_id}"
    assert review["author"] == {"@type": "Organization", "name": "Harbour Checks"}
    assert review["claimReviewed"] == "The mayor said the port moved 9 million tonnes."
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 5,
                                      "worstRating": 1, "alternateName": "Mostly false",
                                      "author": {"@type": "Person", "name": "Ana"}}  # fmt: skip
    assert review["datePublished"][:4] == db.connection.now()[:4]
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "text": "The mayor said the port moved 9 million tonnes.",
        "author": {"@type": "Person", "name": "Mayor Ida Holm"},
        "datePublished": "2026-02-02",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://news.example/port",
            "headline": "Budget story",
        },  # fmt: skip
    }
    assert review["reviewBody"] == "The budget says otherwise."
    assert review["citation"] == ["https://stats.example/port"]
    assert review["identifier"] == str(claim_id)


@pytest.mark.parametrize("label", LABELS)
def test_claimreview_rating_per_label(label):
    rating = export.review_rating(label)
    assert rating["alternateName"] == DISPLAY_NAMES[label]
    numeric = {"true": 5, "mostly-true": 4, "mixed": 3, "mostly-false": 2, "false": 1}
    if label in numeric:
        assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (
            numeric[label], 5, 1)  # fmt: skip
    else:
        assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


def test_claimreview_only_reviewed_claims_and_author_fallback(database, add_article):
    a, b = add_article("Rail spending doubled in 2024.", "Bus fares fell by 10 percent.",
                       author="Kim Lee")  # fmt: skip
    verdict(database, a, "unverifiable")
    reviews = json.loads(report(database, "claimreview", include_all=True))
    assert [r["identifier"] for r in reviews] == [str(a)]
    assert reviews[0]["itemReviewed"]["author"] == {"@type": "Person", "name": "Kim Lee"}
    assert "appearance" not in reviews[0]["itemReviewed"]
    assert google_problems(reviews[0]) == []


@pytest.mark.parametrize(
    "name, kind",
    [("Lakeport City Council", "Organization"), ("Ministry of Transport", "Organization"),
     ("Helena Brandt", "Person"), ("Acme Ltd", "Organization")],
)  # fmt: skip
def test_claimant_party(name, kind):
    assert export.party(name) == {"@type": kind, "name": name}


def test_claim_reviewed_is_shortened_at_a_word_boundary():
    text = "word " * 60
    short = export.shorten(text)
    assert len(short) <= export.CLAIM_REVIEWED_MAX and short.endswith("word…")
    assert export.shorten("Short claim.") == "Short claim."


# Markdown ----------------------------------------------------------------------------------


def test_markdown_report(database, add_article):
    a, b, c = add_article(
        "Rail spending doubled in 2024.", "It was sunny.", "Bus fares fell by 10 percent.",
        claim_extra=[{}, {"checkworthy": False, "score": 0.1}, {}],
        source_url="https://news.example/transit",
    )  # fmt: skip
    verdict(database, c, "false", sources=["https://stats.example/fares"])
    text = report(database, "markdown", include_all=True).decode()
    assert "## Budget story" in text and "Source: <https://news.example/transit>" in text
    assert "It was sunny" not in text  # not check-worthy and not reviewed
    first, second = text.index("Rail spending"), text.index("Bus fares")
    assert first < second
    assert "1. Rail spending doubled in 2024.\n   - Verdict: not reviewed yet" in text
    assert "2. Bus fares fell by 10 percent.\n   - Verdict: **False** (Ana, " in text
    assert "   - Rationale: The budget says otherwise." in text
    assert "   - Sources: <https://stats.example/fares>" in text
    assert "| Document | Claims | Reviewed | False |" in text
    assert "| Budget story | 2 | 1 | 1 |" in text


def test_markdown_escapes_user_text(database, add_article):
    claim = "Costs rose from $300 billion to $1 billion *fast* <script>x</script> | a_b [l](u)"
    (claim_id,) = add_article(claim, title="# Not a heading")
    verdict(database, claim_id, rationale="See `code` & ~strike~")
    text = report(database, "markdown").decode()
    assert "\\$300 billion to \\$1 billion \\*fast\\* \\<script\\>x\\</script\\>" in text
    assert "\\| a\\_b \\[l\\](u)" in text
    assert "## \\# Not a heading" not in text and "## # Not a heading" in text
    assert "See \\`code\\` \\& \\~strike\\~" in text
    assert "<script>" not in text


def test_escape_markdown_reads_as_plain_text():
    assert report_markdown.escape_markdown("Rents rose 4.5% in 2024, said Ana.") == (
        "Rents rose 4.5% in 2024, said Ana."
    )
    assert report_markdown.escape_markdown("two\nlines") == "two lines"


@pytest.fixture
def db_target(db_path) -> str:
    """SQLite only here (the store, workflow and CLI tests run on both backends; two app
    servers on PostgreSQL: tests/test_browser_servers.py)."""
    return str(db_path)


# Exactness and safety of what an export publishes -------------------------------------------

BREAKOUT = '</script><script>alert("x")</script><!-- & "quotes"'


def reviewed_row(**changes) -> dict:
    row = {"claim_id": 4, "claim": "Fares rose by 3 percent.", "kind": "statistic", "score": 0.9,
           "quantities": [], "claimant": "Jo Baker", "document": "Fares", "source_url": None,
           "published": "2026-01-02", "sentence": "Fares rose by 3 percent.", "verdict": "false",
           "rationale": "Checked.", "sources": [], "reviewer": "Ana",
           "reviewed_at": "2026-02-03T10:30:00+00:00", "earlier_verdicts": 0}  # fmt: skip
    return {**row, **changes}


@pytest.mark.parametrize("field", ["claim", "rationale", "reviewer", "claimant", "document"])
def test_claimreview_cannot_break_out_of_its_script_element(field):
    row = reviewed_row(**{field: BREAKOUT}, source_url="https://news.example/a")
    data = export.to_claimreview([row]).decode()
    assert "<" not in data and ">" not in data and "&" not in data
    assert "\\u003c/script\\u003e" in data
    (review,) = json.loads(data)
    assert BREAKOUT in strings(review)  # the same text reads back


def strings(value: object) -> list[str]:
    """Return every text value inside parsed JSON."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_claimreview_never_publishes_a_non_web_address():
    sources = ["data:text/html,x", "https://ok.example/1", "javascript:y"]
    row = reviewed_row(source_url="javascript:alert(1)", sources=sources)
    (review,) = json.loads(export.to_claimreview([row]))
    assert review["citation"] == ["https://ok.example/1"]
    assert "appearance" not in review["itemReviewed"]


def test_markdown_links_only_web_addresses():
    row = reviewed_row(sources=["javascript:alert(1)", "https://ok.example/a"])
    text = report_markdown.to_markdown([row]).decode()
    assert "<https://ok.example/a>" in text and "<javascript" not in text


ROUND_TRIP_VALUES = ["'=x", "'hello", "''", "'", "\tled by a tab", "\rled by a CR",
                     "=1+1", "-5 percent", "ends with a space ", "  two spaces before"]  # fmt: skip


@pytest.mark.parametrize("value", ROUND_TRIP_VALUES)
@pytest.mark.parametrize("field", ["claimant", "rationale", "reviewer"])
def test_csv_round_trip_is_exact(value, field):
    from checks.archive import parse_archive

    row = reviewed_row(**{field: value})
    (back,) = parse_archive(export.to_csv([row]).decode("utf-8"), "ours.csv")
    assert getattr(back, field) == value


@pytest.mark.parametrize("value", ROUND_TRIP_VALUES[:7])
def test_csv_round_trip_keeps_claim_text_exactly(value):
    from checks.archive import parse_archive

    claim = f"{value} Fares rose by 3 percent."
    (back,) = parse_archive(export.to_csv([reviewed_row(claim=claim)]).decode(), "ours.csv")
    assert back.text == claim
