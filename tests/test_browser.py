"""Real-browser tests: Playwright driving Debian's Chromium against a live Streamlit server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, run_cli, start_server, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Launch Debian's Chromium (never a downloaded browser); skip when a user has none."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """A server over a database seeded with the demo set (fake embedder)."""
    folder = tmp_path_factory.mktemp("demo_server")
    db_path = folder / "demo.db"
    seeded = run_cli("seed-demo", db_path=db_path)
    assert seeded.returncode == 0, seeded.stderr
    process, url = start_server(db_path, folder / "server.log")
    yield url, db_path
    process.terminate()
    process.wait(timeout=10)


def test_app_opens_on_demo_claims(page, demo_server, tmp_path):
    url, _ = demo_server
    page.goto(url)
    wait_idle(page)
    page.get_by_role("heading", name="Review queue").wait_for()
    cells = page.locator("[data-testid=stDataFrame] td[role=gridcell]")
    cells.first.wait_for(state="attached")
    texts = " ".join(cells.all_inner_texts())
    assert "Lakeport" in texts or "€2.4 billion" in texts
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
