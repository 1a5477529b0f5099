"""Two app servers, one PostgreSQL database: a reviewer on each, in a real browser. Nothing one
server keeps in memory is needed by the other (versions, verdicts, the queue, vectors)."""

from __future__ import annotations

import pytest

from tests.browser_support import run_cli, start_server, wait_idle
from tests.test_browser import SOURCE, fill_verdict, first_claim_id, open_app

pytestmark = pytest.mark.browser

STORY = (
    "The ferry service lost 4.5 million passengers in 2025, the operator said. "
    "Fares will rise by 8 percent in May."
)


@pytest.fixture
def two_servers(pg_url, tmp_path):
    """Two Streamlit servers (separate processes) over one fresh PostgreSQL database."""
    servers = [start_server(pg_url, tmp_path / f"server{n}.log") for n in (1, 2)]
    yield pg_url, [url for _, url in servers]
    for process, _ in servers:
        process.terminate()
        process.wait(timeout=10)


def test_reviewers_on_two_servers_share_one_desk(browser, two_servers, tmp_path):
    db_url, (first_url, second_url) = two_servers
    story = tmp_path / "ferry.txt"
    story.write_text(STORY)
    added = run_cli("ingest", str(story), db_path=db_url)
    assert added.returncode == 0, added.stderr
    claim_id = first_claim_id(db_url, "ferry service lost")
    pages = []
    for url, reviewer in ((first_url, "Ana"), (second_url, "Ben")):
        page = browser.new_context().new_page()
        open_app(page, f"{url}/?claim={claim_id}", reviewer)
        page.get_by_role("heading", name=f"Claim {claim_id}", exact=True).first.wait_for()
        wait_idle(page)
        pages.append(page)
    ana, ben = pages
    fill_verdict(ana, "True", "The operator's annual report says 4.5 million.", SOURCE)
    fill_verdict(ben, "Mostly false", "Ben's own careful rationale.", SOURCE)
    ana.get_by_role("button", name="Save and next").click()
    ana.get_by_text(f"Saved your verdict on claim {claim_id}.").first.wait_for()
    # Ben's server never saw Ana's save: the version check is the database's, not a server's.
    ben.get_by_role("button", name="Save and next").click()
    ben.get_by_text("another reviewer gave this claim a verdict").first.wait_for()
    ben.get_by_text("Ana · True · ").first.wait_for()
    ben.get_by_role("button", name="Keep my text and review their version").click()
    ben.get_by_text("another reviewer gave this claim a verdict").first.wait_for(state="detached")
    wait_idle(ben)
    ben.get_by_role("button", name="Save and next").click()
    ben.get_by_text(f"Saved your verdict on claim {claim_id}.").first.wait_for()
    # Each server shows the history both wrote, read from the one database.
    for page, url in ((ana, first_url), (ben, second_url)):
        page.goto(f"{url}/?claim={claim_id}")
        wait_idle(page)
        page.get_by_role("heading", name="Verdict history (2)").wait_for()
        page.context.close()
