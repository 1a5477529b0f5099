"""A newcomer's first hour, in Chromium: `make run`'s demo and its banner, an ingest, a review
with rationale and source, an export without the demo, removing the demo and nothing else,
one number format on the page, in Markdown and in the CLI's text, and every page at 1400 px
with no button label cut short."""

from __future__ import annotations

import csv
import io
import re
import sqlite3

import pytest

from tests.browser_support import run_cli, serving, wait_idle

pytestmark = pytest.mark.browser

WIDTH = 1400
HEIGHT = 2400  # tall, so that a screenshot holds most of a page (Streamlit scrolls inside)
TITLE = "Westhaven ferry plan"
ARTICLE = (
    "Westhaven approves a ferry plan\n\n"
    "The council of Westhaven approved a €2.4 billion ferry plan on Monday, the mayor said.\n\n"
    "About 1,800 businesses along the harbour will pay a levy of 3 percent from 2027, "
    "according to the finance office."
)
CLAIM = "The council of Westhaven approved a €2.4 billion ferry plan on Monday, the mayor said."
RATIONALE = "The council minutes of Monday record the vote and the €2.4 billion budget."
SOURCE = "https://example.org/westhaven/minutes"
PAGES = {
    "Review": "Review queue",
    "Ingest": "Ingest documents",
    "Search": "Search the archive",
    "Dashboard": "Dashboard",
    "Export": "Export reports",
}
# Every visible button whose label (or a part of it) is wider than the box that shows it.
CUT_LABELS = """() => Array.from(document.querySelectorAll('button'))
    .filter(b => b.getClientRects().length > 0)
    .filter(b => [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
                                                        && e.clientWidth > 0))
    .map(b => b.innerText.trim())"""


@pytest.fixture(scope="module")
def newcomer_server(tmp_path_factory):
    """A fresh database seeded as `make run` seeds it, served by a real Streamlit server."""
    folder = tmp_path_factory.mktemp("newcomer")
    db_path = folder / "claimdesk.db"
    seeded = run_cli("seed-demo", db_path=db_path)
    assert seeded.returncode == 0, seeded.stderr
    with serving(db_path, folder / "server.log") as url:
        yield url, db_path, folder


def go_to(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=PAGES[title]).wait_for()
    wait_idle(page)


def shoot(page, folder, name: str) -> None:
    """Save a full-page screenshot and assert no button label is cut."""
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert page.evaluate(CUT_LABELS) == [], f"cut button labels on {name}"


def rows(db_path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql, args).fetchall()


def test_newcomer_path(page, newcomer_server):
    url, db_path, folder = newcomer_server
    shots = folder / "screenshots"
    shots.mkdir()
    page.set_default_timeout(90_000)  # a long walk; a shared machine can be slow
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(url)
    wait_idle(page)
    page.get_by_label("Your name", exact=True).fill("Nora Newcomer")
    page.get_by_label("Your name", exact=True).press("Enter")
    wait_idle(page)
    demo_ids = {r[0] for r in rows(db_path, "SELECT id FROM claims WHERE demo")}
    assert demo_ids

    # The demo is announced on every page; every page fits its buttons at 1400 px.
    for title in PAGES:
        go_to(page, title)
        assert page.get_by_test_id("stAlert").filter(has_text="Demo data").count() == 1
        shoot(page, shots, f"demo-{title.lower()}")

    # Ingest a real article, then ingest it again: it is already there, with its counts.
    go_to(page, "Ingest")
    page.get_by_label("Paste text", exact=True).fill(ARTICLE)
    page.get_by_label("Title (optional)", exact=True).fill(TITLE)
    page.get_by_role("button", name="Ingest", exact=True).click()  # Enter would submit twice
    page.get_by_text(f"{TITLE} (added)").wait_for()
    wait_idle(page)
    (document_id,) = rows(db_path, "SELECT id FROM documents WHERE title = ?", TITLE)[0]
    claims = rows(db_path, "SELECT count(*) FROM claims WHERE document_id = ?", document_id)[0]
    page.get_by_role("button", name="Ingest", exact=True).click()
    page.get_by_text(f"already in the archive as document {document_id}").wait_for()
    page.get_by_text(f"It holds {claims[0]} claims").wait_for()
    shoot(page, shots, "ingest-again")

    # Review the €2.4 billion claim: open it from search, save with a rationale and a source.
    (claim_id,) = rows(db_path, "SELECT id FROM claims WHERE text = ?", CLAIM)[0]
    go_to(page, "Search")
    page.get_by_label("Search claims", exact=True).fill("Westhaven ferry plan")
    page.get_by_label("Search claims", exact=True).press("Enter")
    wait_idle(page)
    page.get_by_role("link", name=f"Open claim {claim_id} in review").click()
    page.get_by_role("heading", name=f"Claim {claim_id}").wait_for()
    wait_idle(page)
    table = page.get_by_test_id("stTable")
    on_page = {t.strip() for t in table.locator("td").all_inner_texts()}
    assert "2.4 billion EUR" in on_page
    page.get_by_test_id("stRadio").get_by_text("Mostly true", exact=True).click()
    page.get_by_role("button", name=re.compile("^Save and next")).click()
    page.get_by_text("Write a rationale").wait_for()
    assert rows(db_path, "SELECT count(*) FROM verdicts WHERE claim_id = ?", claim_id) == [(0,)]
    page.get_by_label("Rationale", exact=True).fill(RATIONALE)
    page.get_by_label("Source URLs, one per line", exact=True).fill(SOURCE)
    page.get_by_label("Source URLs, one per line", exact=True).press("Tab")
    page.get_by_role("button", name=re.compile("^Save and next")).click()
    page.get_by_text(f"Saved your verdict on claim {claim_id}.").wait_for()
    wait_idle(page)
    saved = rows(db_path, "SELECT confidence, demo FROM verdicts WHERE claim_id = ?", claim_id)
    assert saved == [(None, 0)]  # confidence unset: the slider was never moved

    # Export: the review address warning, and no demo claim in the CSV; Markdown figures.
    go_to(page, "Export")
    assert page.get_by_test_id("stAlert").filter(has_text="CLAIMDESK_REVIEW_URL").count() == 1
    buttons = page.get_by_test_id("stDownloadButton").get_by_role("button")
    with page.expect_download() as download:
        buttons.filter(has_text="CSV").click()
    exported = list(csv.DictReader(io.StringIO(open(download.value.path()).read())))
    assert [int(r["claim_id"]) for r in exported] == [claim_id]
    with page.expect_download() as download:
        buttons.filter(has_text="Markdown").click()
    markdown = open(download.value.path(), encoding="utf-8").read()
    figures_line = next(line for line in markdown.splitlines() if "Figures:" in line)
    in_markdown = set(figures_line.split("Figures: ", 1)[1].split("; "))

    # Remove the demo from the banner: the demo goes, the article and its verdict stay.
    page.get_by_role("button", name="Remove the demo", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="Remove the demo now", exact=True).click()
    page.get_by_text("Removed the demo").wait_for()
    wait_idle(page)
    assert page.get_by_test_id("stAlert").filter(has_text="Demo data").count() == 0
    assert rows(db_path, "SELECT count(*) FROM claims WHERE demo") == [(0,)]
    assert rows(db_path, "SELECT id FROM documents") == [(document_id,)]
    assert rows(db_path, "SELECT count(*) FROM verdicts") == [(1,)]
    for title in PAGES:
        go_to(page, title)
        shoot(page, shots, f"clean-{title.lower()}")

    # One number format: the page, the Markdown report and the CLI's text agree.
    source = folder / "westhaven.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    text = run_cli("extract", str(source), db_path=db_path)
    assert text.returncode == 0, text.stderr
    block = text.stdout.split(CLAIM, 1)[1].split("\n\n", 1)[0]
    in_cli = set(re.findall(r"→ (.+?) \(", block))
    shown = on_page & in_markdown
    assert in_markdown == in_cli and in_markdown <= on_page and "2.4 billion EUR" in shown
