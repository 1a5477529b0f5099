"""User text is shown as text in a real browser (DESIGN.md §7): a claim holding a script tag, an
image with an onerror handler, Markdown emphasis and two dollar amounts runs nothing and
renders no markup, no image and no LaTeX."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import run_cli, serving, wait_idle

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
DOCUMENT = (
    f"The minister said {SCRIPT} the budget rose by 5 percent in 2023.\n\n"
    f"Critics posted {IMAGE} saying the port cost $300 billion while the bridge cost "
    "$1 billion.\n\n"
    # Escaped in the file so cleaning keeps the asterisks: the stored claim holds **bold**.
    "Officials called it \\*\\*bold\\*\\* progress with 40 percent more buses in 2024.\n"
)
TITLE = "<b>Budget</b> <script>alert(3)</script> $5 and $6"
LITERALS = [SCRIPT, IMAGE, "$300 billion while the bridge cost $1 billion", "**bold**"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A server over a database holding the hostile document (fake embedder)."""
    folder = tmp_path_factory.mktemp("hostile_server")
    db_path = folder / "hostile.db"
    source = folder / "hostile.txt"
    source.write_text(DOCUMENT, encoding="utf-8")
    added = run_cli("ingest", str(source), "--title", TITLE, "--db", str(db_path), db_path=db_path)
    assert added.returncode == 0, added.stderr
    with serving(db_path, folder / "server.log") as url:
        yield url, db_path


def _claim_ids(db_path: Path) -> dict[str, int]:
    import db.claims
    import db.connection

    database = db.connection.open_database(db_path)
    try:
        return {
            literal: db.claims.first_claim_containing(database, literal)
            for literal in (SCRIPT, IMAGE, "$300 billion", "**bold**")
        }
    finally:
        database.close()


@pytest.mark.parametrize("literal", [SCRIPT, IMAGE, "$300 billion", "**bold**"])
def test_hostile_claim_is_shown_as_text(page, hostile_server, tmp_path, literal):
    url, db_path = hostile_server
    claim_id = _claim_ids(db_path)[literal]
    assert claim_id is not None, f"no stored claim holds {literal!r}"
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/?claim={claim_id}")
    wait_idle(page)
    page.get_by_role("heading", name=f"Claim {claim_id}").wait_for()
    # The claim in its paragraph: the <div> that holds the claim's <mark>.
    paragraph = page.locator("mark").first.locator("xpath=..")
    paragraph.wait_for(state="visible")  # a rerun may still be drawing the page
    wait_idle(page)
    wanted = next(text for text in LITERALS if literal in text)
    assert wanted in (paragraph.text_content() or "")
    assert TITLE in (page.locator("body").text_content() or "")  # the caption, tags as text
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert alerts == []
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator(".katex, .katex-display, math").count() == 0
    assert paragraph.locator("script, img, strong, b, em").count() == 0
    assert page.locator("b", has_text="Budget").count() == 0
