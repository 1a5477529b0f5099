"""Numbers in reports: Markdown uses the one format for people, CSV keeps exact numbers and
rounds scores to three decimals."""

from __future__ import annotations

import csv
import io

from checks import export, figures, report_markdown

EUROS = {"start": 0, "end": 12, "text": "€178 billion", "value": 178e9, "unit": "EUR",
         "kind": "money", "qualifier": None, "per": None}  # fmt: skip
SHARE = {"start": 20, "end": 30, "text": "38 percent", "value": 38.0, "unit": "%",
         "kind": "percent", "qualifier": "about", "per": None}  # fmt: skip
ROW = {
    "claim_id": 7, "claim": "€178 billion went to about 38 percent of towns.", "kind": "statistic",
    "score": 0.9997360110282898, "quantities": [EUROS, SHARE], "checkworthy": True,
    "document_id": 1, "document": "Budget", "verdict": "true", "reviewer": "Ana",
    "reviewed_at": "2026-03-01T10:00:00", "earlier_verdicts": 0,
}  # fmt: skip


def test_markdown_shows_the_figures_as_people_read_them():
    text = report_markdown.to_markdown([ROW]).decode()
    assert "   - Figures: 178 billion EUR; about 38%" in text
    assert figures.quantities(ROW["quantities"]) == "178 billion EUR; about 38%"


def test_csv_keeps_exact_quantities_and_rounds_the_score():
    (row,) = csv.DictReader(io.StringIO(export.to_csv([ROW]).decode()))
    assert row["score"] == "1.0"
    assert row["quantities"] == "178000000000 EUR; about 38%"
    assert export.csv_frame([ROW])["score"].tolist() == [1.0]


def test_csv_score_keeps_three_decimals():
    (row,) = csv.DictReader(io.StringIO(export.to_csv([{**ROW, "score": 0.12345}]).decode()))
    assert row["score"] == "0.123"
