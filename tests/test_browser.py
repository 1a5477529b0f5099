"""Real-browser tests: Playwright driving Debian's Chromium against live Streamlit servers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser_support import run_cli, serving, wait_idle

pytestmark = pytest.mark.browser

ARTICLE = (
    "Lakeport will spend $300 billion on trams by 2030, the mayor said on Monday.\n\n"
    "The plan costs $1 billion more than the 2024 estimate, according to the budget office. "
    "Ridership on the harbour line rose by 12 percent last year.\n\n"
    "Critics say the council approved the plan by 31 votes to 14 without a public hearing."
)
RATIONALE = "The budget office lists $3 billion, not $300 billion."
SOURCE = "https://example.org/lakeport/budget-2026"


@pytest.fixture(scope="session")
def fresh_server(tmp_path_factory):
    """One server over a fresh, empty database (fake embedder) for every flow below."""
    folder = tmp_path_factory.mktemp("fresh_server")
    db_path = folder / "fresh.db"
    with serving(db_path, folder / "server.log") as url:
        yield url, db_path


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """A server over a database seeded with the demo set, as `make run` starts (fake embedder)."""
    folder = tmp_path_factory.mktemp("demo_server")
    db_path = folder / "demo.db"
    seeded = run_cli("seed-demo", db_path=db_path)
    assert seeded.returncode == 0, seeded.stderr
    with serving(db_path, folder / "server.log") as url:
        yield url, db_path


def open_app(page, url: str, reviewer: str) -> None:
    """Open the app and give the reviewer's name in the sidebar."""
    page.goto(url)
    wait_idle(page)
    name = page.get_by_label("Your name", exact=True)
    name.fill(reviewer)
    name.press("Enter")
    wait_idle(page)


def go_to(page, title: str) -> None:
    """Click a page in the sidebar navigation (a new URL would start a new session)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=HEADINGS[title]).wait_for()
    wait_idle(page)


HEADINGS = {
    "Review": "Review queue",
    "Ingest": "Ingest documents",
    "Search": "Search the archive",
    "Dashboard": "Dashboard",
    "Export": "Export reports",
}


def fill_verdict(page, label: str, rationale: str, source: str) -> None:
    page.get_by_test_id("stRadio").get_by_text(label, exact=True).click()
    page.get_by_label("Rationale", exact=True).fill(rationale)
    page.get_by_label("Source URLs, one per line", exact=True).fill(source)
    page.get_by_label("Source URLs, one per line", exact=True).press("Tab")


def snapshot(page, path: Path) -> None:
    """Save what the user sees; a tall window, because Streamlit scrolls inside the page."""
    size = page.viewport_size
    page.set_viewport_size({"width": 1400, "height": 2200})
    wait_idle(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def cell(page, text: str):
    """Return the dataframe cell showing exactly `text` (st.dataframe keeps a hidden table)."""
    return page.locator("[data-testid=stDataFrame] td[role=gridcell]", has_text=text).first


def grid_text(page) -> str:
    cells = page.locator("[data-testid=stDataFrame] td[role=gridcell]")
    cells.first.wait_for(state="attached")
    return " ".join(cells.all_inner_texts())


def test_a_new_users_path_from_ingest_to_export(page, fresh_server, tmp_path):
    url, _ = fresh_server
    open_app(page, url, "Ana")
    page.get_by_text("Nothing to review").first.wait_for()

    go_to(page, "Ingest")
    page.get_by_label("Paste text", exact=True).fill(ARTICLE)
    page.get_by_label("Title (optional)", exact=True).fill("Tram budget")
    page.get_by_role("button", name="Ingest", exact=True).click()
    page.get_by_role("heading", name="Ingested").wait_for()
    page.get_by_role("button", name="Start reviewing").click()
    page.get_by_role("heading", name="Review queue").wait_for()
    wait_idle(page)

    heading = page.get_by_role("heading", name="Claim ", exact=False).first
    claim_id = heading.inner_text().split()[-1]
    claim_text = page.locator("mark").first.inner_text()
    assert "$" in claim_text and " billion" in claim_text  # shown as typed, not as LaTeX
    fill_verdict(page, "False", RATIONALE, SOURCE)
    page.get_by_role("button", name="Save and next").click()
    page.get_by_text(f"Saved your verdict on claim {claim_id}.").first.wait_for()
    page.get_by_role("button", name="Back").click()
    page.get_by_role("heading", name="Verdict history (1)").wait_for()
    wait_idle(page)
    facts = page.get_by_text(" · Ana · False · ").first
    facts.wait_for()
    assert "confidence" not in facts.inner_text()  # unset: the slider was never moved
    page.get_by_text(RATIONALE, exact=True).first.wait_for()
    snapshot(page, tmp_path / "review.png")

    go_to(page, "Search")
    query = page.get_by_label("Search claims", exact=True)
    query.fill(claim_text)
    query.press("Enter")
    page.get_by_role("link", name=f"Open claim {claim_id} in review").wait_for()
    assert "False" in page.get_by_test_id("stCaptionContainer").first.inner_text()

    go_to(page, "Export")
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Download CSV").click()
    csv_text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert RATIONALE in csv_text and ",false," in csv_text and SOURCE in csv_text


def test_two_reviewers_on_one_claim_the_second_save_is_refused(browser, fresh_server, tmp_path):
    url, db_path = fresh_server
    story = tmp_path / "ferry.txt"
    story.write_text("The ferry service lost 4.5 million passengers in 2025, the operator "
                     "said. Fares will rise by 8 percent in May.")  # fmt: skip
    added = run_cli("ingest", str(story), db_path=db_path)
    assert added.returncode == 0, added.stderr
    claim_id = first_claim_id(db_path, "ferry service lost")
    pages = []
    for reviewer in ("Ana", "Ben"):
        page = browser.new_context().new_page()
        open_app(page, f"{url}/?claim={claim_id}", reviewer)
        page.get_by_role("heading", name=f"Claim {claim_id}", exact=True).first.wait_for()
        wait_idle(page)
        pages.append(page)
    first, second = pages
    fill_verdict(first, "True", "The operator's annual report says 4.5 million.", SOURCE)
    fill_verdict(second, "Mostly false", "Ben's own careful rationale.", SOURCE)
    first.get_by_role("button", name="Save and next").click()
    first.get_by_text(f"Saved your verdict on claim {claim_id}.").first.wait_for()
    second.get_by_role("button", name="Save and next").click()
    second.get_by_text("another reviewer gave this claim a verdict").first.wait_for()
    second.get_by_text(re.compile(r"^Ana · True · ")).first.wait_for()  # the verdict that got in
    assert (
        second.get_by_label("Rationale", exact=True).input_value() == "Ben's own careful rationale."
    )
    snapshot(second, tmp_path / "stale.png")
    second.get_by_role("button", name="Keep my text and review their version").click()
    second.get_by_text("another reviewer gave this claim a verdict").first.wait_for(
        state="detached"
    )
    wait_idle(second)
    second.get_by_role("button", name="Save and next").click()
    second.get_by_text(f"Saved your verdict on claim {claim_id}.").first.wait_for()
    for page in pages:
        page.context.close()


def first_claim_id(db_path: Path, fragment: str) -> int:
    import db.claims
    import db.connection

    database = db.connection.open_database(db_path)
    try:
        return db.claims.first_claim_containing(database, fragment)
    finally:
        database.close()


def test_the_demo_opens_on_claims_with_verdicts_on_the_dashboard(page, demo_server, tmp_path):
    url, _ = demo_server
    page.goto(url)
    wait_idle(page)
    page.get_by_role("heading", name="Review queue").wait_for()
    assert "Lakeport" in grid_text(page) or "€2.4 billion" in grid_text(page)
    go_to(page, "Dashboard")
    # The dashboard leaves the demo out until asked to include it.
    page.get_by_text("Include the demo", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name="Reviewer activity").wait_for()
    cell(page, "Ana Ruiz (demo)").wait_for(state="attached")
    cell(page, "Ben Okoro (demo)").wait_for(state="attached")
    snapshot(page, tmp_path / "dashboard.png")
