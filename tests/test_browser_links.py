"""Web addresses inside user text are shown as text, never as links (issue 17, item 8): a
document title holding a URL, a www address and an e-mail address makes no <a> element in a
real browser; the document's own validated source URL still does."""

from __future__ import annotations

import pytest

from tests.browser_support import run_cli, serving, wait_idle

pytestmark = pytest.mark.browser

TITLE = "see https://evil.example/x and www.evil.example or write to ana@evil.example"
DOCUMENT = (
    "The council said the tram line cost 40 million euros in 2023, twice the 2019 estimate.\n\n"
    "Ridership rose by 12 percent in the first year, the operator reported in March.\n"
)
SOURCE = "https://example.org/tram-report"


@pytest.fixture(scope="module")
def linked_server(tmp_path_factory):
    """A server over a database holding one document whose title holds web addresses."""
    folder = tmp_path_factory.mktemp("linked_server")
    db_path = folder / "links.db"
    source = folder / "tram.txt"
    source.write_text(DOCUMENT, encoding="utf-8")
    added = run_cli("ingest", str(source), "--title", TITLE, "--url", SOURCE, "--db",
                    str(db_path), db_path=db_path)  # fmt: skip
    assert added.returncode == 0, added.stderr
    with serving(db_path, folder / "server.log") as url:
        yield url, db_path


def _first_claim(db_path) -> int:
    import db.connection

    database = db.connection.open_database(db_path)
    try:
        return next(iter(database.query("SELECT min(id) AS id FROM claims")))["id"]
    finally:
        database.close()


def _shown(text: str) -> str:
    """Return page text as a reader sees it: invisible word joiners left out."""
    return text.replace("\u2060", "")


def test_addresses_in_a_title_are_text_not_links(page, linked_server, tmp_path):
    url, db_path = linked_server
    claim_id = _first_claim(db_path)
    page.goto(f"{url}/?claim={claim_id}")
    wait_idle(page)
    page.get_by_role("heading", name=f"Claim {claim_id}").wait_for()
    page.get_by_text("Verdict history").first.wait_for()
    wait_idle(page)
    page.screenshot(path=str(tmp_path / "links.png"), full_page=True)
    assert f"from {TITLE}" in _shown(page.locator("body").inner_text())
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert not [href for href in hrefs if href and "evil" in href], hrefs
    assert page.locator("a", has_text="evil").count() == 0
