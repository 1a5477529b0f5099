"""Real-browser test of the export page: each format downloads with the verdict in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import db.connection
import db.documents
import db.verdicts
from tests.browser_support import serving, wait_idle
from tests.support import add_document

pytestmark = pytest.mark.browser

CLAIM = "The harbour tunnel cost =SUM(€412 million) to build."
RATIONALE = "The audit office puts the cost at €455 million."


@pytest.fixture(scope="module")
def export_server(tmp_path_factory):
    """A server over a database holding one document with one reviewed claim."""
    folder = tmp_path_factory.mktemp("export_server")
    db_path = folder / "export.db"
    database = db.connection.open_database(db_path)
    (claim_id,) = add_document(database, CLAIM, title="Tunnel story")
    db.verdicts.record_verdict(
        database, claim_id, reviewer="Ana", label="mostly-false", rationale=RATIONALE
    )
    database.close()
    with serving(db_path, folder / "server.log") as url:
        yield url


def download(page, name: str, folder: Path) -> str:
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name=name).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_text(encoding="utf-8-sig")


def test_export_page_downloads_each_format(page, export_server, tmp_path):
    page.goto(f"{export_server}/export")
    wait_idle(page)
    page.get_by_role("heading", name="Export reports").wait_for()
    cells = page.locator("[data-testid=stDataFrame] td[role=gridcell]")
    cells.first.wait_for(state="attached")
    assert "Tunnel story" in " ".join(cells.all_inner_texts())

    csv_text = download(page, "Download CSV", tmp_path)
    assert csv_text.startswith("claim_id,claim,kind,")
    assert "mostly-false" in csv_text and RATIONALE in csv_text

    (review,) = json.loads(download(page, "Download ClaimReview JSON-LD", tmp_path))
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["itemReviewed"]["text"] == CLAIM

    markdown = download(page, "Download Markdown", tmp_path)
    assert "**Mostly false** (Ana," in markdown and RATIONALE in markdown
    page.screenshot(path=str(tmp_path / "export.png"), full_page=True)
