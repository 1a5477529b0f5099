"""Real-browser test of the desk: sign-in, accounts, assignments, a blind second review,
agreement and resolution, and what a reviewer cannot reach."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

import pytest

from tests.browser_support import run_cli, serving, wait_idle

pytestmark = pytest.mark.browser

ARTICLE = (
    "Rivertown will spend €840 million on new bridges by 2031, the mayor said.\n\n"
    "Bridge tolls rose by 14 percent last year, according to the transport office. "
    "The council says 2,300 lorries cross the old bridge every day.\n\n"
    "Repairs cost €12 million in 2024, twice the amount spent in 2019."
)
ANA_WHY = "ANA-ROUND-ONE-RATIONALE"
PASSWORDS = {"Edna": "edna-secret-1", "Ana": "ana-secret-22", "Ben": "ben-secret-333"}


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory):
    """A server over a database with one document and one editor account (from the CLI)."""
    folder = tmp_path_factory.mktemp("desk_server")
    db_path = folder / "desk.db"
    story = folder / "bridges.md"
    story.write_text(ARTICLE)
    done = run_cli("ingest", str(story), "--title", "Bridges", db_path=db_path)
    assert done.returncode == 0, done.stderr
    import subprocess
    import sys

    from tests.browser_support import ROOT

    made = subprocess.run(
        [sys.executable, "-m", "checks", "user", "add", "Edna", "--role", "editor",
         "--db", str(db_path)], input=PASSWORDS["Edna"] + "\n", cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    with serving(db_path, folder / "server.log") as url:
        yield url, db_path


def sign_in(page, url: str, name: str, password: str | None = None) -> None:
    page.goto(url)
    wait_idle(page)
    page.get_by_role("heading", name="Sign in to Claimdesk").wait_for()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password or PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page)


def signed_in_as(page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {name}").wait_for()
    # The page writes the session cookie once it has drawn the sidebar; wait for it.
    deadline = time.monotonic() + 15
    while not any(c["name"] == "claimdesk_session" for c in page.context.cookies()):
        assert time.monotonic() < deadline, "no session cookie"
        time.sleep(0.1)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to Claimdesk").wait_for()
    wait_idle(page)


def go_to(page, title: str, heading: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=heading, exact=True).wait_for()
    wait_idle(page)


def open_claim_id(page) -> int:
    heading = page.get_by_role("heading", name="Claim ", exact=False).first
    heading.wait_for()
    return int(heading.inner_text().split()[-1])


def second_round_claims(db_path: Path) -> set[int]:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return {r[0] for r in conn.execute("SELECT claim_id FROM assignments WHERE round = 2")}


def save_verdict(page, label: str, rationale: str) -> int:
    cid = open_claim_id(page)
    rationale = f"{rationale}-{cid}"
    page.get_by_test_id("stRadio").first.get_by_text(label, exact=True).click()
    page.get_by_label("Rationale", exact=True).fill(rationale)
    page.get_by_label("Rationale", exact=True).press("Tab")
    page.get_by_role("button", name="Save and next").click()
    page.get_by_text(f"Saved your verdict on claim {cid}.").first.wait_for()
    wait_idle(page)
    return cid


def body(page) -> str:
    wait_idle(page)
    return page.locator("body").inner_text()


def create_account(page, name: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password (at least 8 characters)").fill(PASSWORDS[name])
    page.get_by_role("button", name="Create account").click()
    page.get_by_text(f"Created reviewer {name}.").wait_for()
    wait_idle(page)


def choose(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option).first.click()


def test_the_desk_from_sign_in_to_resolution(browser, desk_server, tmp_path):
    url, db_path = desk_server
    page = browser.new_context(accept_downloads=True).new_page()
    sign_in(page, url, "Edna")
    signed_in_as(page, "Edna")
    page.reload()
    signed_in_as(page, "Edna")  # a reload keeps the identity

    go_to(page, "Accounts", "Accounts")
    create_account(page, "Ana")
    create_account(page, "Ben")
    go_to(page, "Assignments", "Assignments")
    choose(page, "Document", "Bridges (#1)")
    choose(page, "First review by", "Ana")
    choose(page, "Blind second review by", "Ben")
    page.get_by_role("button", name="Assign").click()
    flash = page.get_by_text("round 1: ").first
    flash.wait_for()
    text = flash.inner_text()
    first_count = int(text.split("round 1: ")[1].split()[0])
    second_count = int(text.split("round 2: ")[1].split()[0])
    assert first_count >= 3 and second_count == round(first_count * 0.5)
    sign_out(page)
    page.reload()  # signed out stays signed out: the cookie is gone
    page.get_by_role("heading", name="Sign in to Claimdesk").wait_for()

    blind_ids = second_round_claims(db_path)
    sign_in(page, url, "Ana")
    signed_in_as(page, "Ana")
    page.get_by_text(f"My assignments ({first_count} left)").wait_for()
    reviewed = []
    for _ in range(first_count):
        # Mostly false only where Ben reviews blind: that label must never reach Ben's pages.
        label = "Mostly false" if open_claim_id(page) in blind_ids else "Mostly true"
        reviewed.append(save_verdict(page, label, ANA_WHY))
    assert set(blind_ids) <= set(reviewed)
    page.get_by_text("My assignments").first.wait_for(state="detached")
    assert "Accounts" not in page.get_by_test_id("stSidebarNav").inner_text()
    # A reviewer cannot reach an editor page by its address...
    page.goto(f"{url}/assignments")
    wait_idle(page)
    page.get_by_text("Page not found").first.wait_for()
    page.keyboard.press("Escape")
    page.get_by_text("Page not found").first.wait_for(state="detached")
    signed_in_as(page, "Ana")  # a new address keeps the identity (the session cookie)
    assert page.get_by_role("button", name="Assign").count() == 0
    assert page.get_by_role("heading", name="Assignments").count() == 0
    sign_out(page)

    sign_in(page, url, "Ben")
    page.get_by_text(f"My assignments ({second_count} left)").wait_for()
    blind = open_claim_id(page)
    assert blind in reviewed
    review_text = body(page)
    assert f"{ANA_WHY}-{blind}" not in review_text and "Ana" not in review_text
    assert "hidden until you save" in review_text
    page.goto(f"{url}/?claim={blind}")  # a ?claim= link keeps the identity, and the blindness
    wait_idle(page)
    signed_in_as(page, "Ben")
    assert open_claim_id(page) == blind and f"{ANA_WHY}-{blind}" not in body(page)

    go_to(page, "Search", "Search the archive")
    # Keyword mode: the server runs the fake embedder, so only words make the claims findable.
    page.get_by_text("Keyword", exact=True).click()
    query = page.get_by_label("Search claims", exact=True)
    query.fill("bridge tolls lorries repairs mayor")
    query.press("Enter")
    page.get_by_role("link", name=f"Open claim {blind} in review").wait_for()
    search_text = body(page)
    assert "verdict hidden" in search_text and "Mostly false" not in search_text

    go_to(page, "Export", "Export reports")
    export_text = body(page)
    assert "Mostly false" not in export_text and "mostly-false" not in export_text
    assert not any(f"{ANA_WHY}-{cid}" in export_text for cid in blind_ids)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Download CSV").click()
    csv_text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "mostly-false" not in csv_text and f"{ANA_WHY}-" in csv_text  # the others are there
    assert not any(f"{ANA_WHY}-{cid}" in csv_text for cid in blind_ids)

    go_to(page, "Review", "Review queue")
    for _ in range(second_count):
        save_verdict(page, "True", "Ben's own reading.")
    page.goto(f"{url}/?claim={blind}")
    wait_idle(page)
    page.get_by_text(f"{ANA_WHY}-{blind}", exact=True).first.wait_for()  # shown once saved
    sign_out(page)

    sign_in(page, url, "Edna")
    go_to(page, "Agreement", "Agreement between reviewers")
    page.get_by_text(f"Disagreements to settle ({second_count})").wait_for()
    assert "Double-reviewed claims" in body(page)
    form = page.get_by_test_id("stForm").first
    form.get_by_text("False", exact=True).click()
    form.get_by_role("button", name="Settle").click()
    page.get_by_text("Settled claim ").first.wait_for()
    page.get_by_text(f"Disagreements to settle ({second_count - 1})").wait_for()
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.screenshot(path=str(tmp_path / "agreement.png"))
    page.context.close()


def test_forged_session_and_wrong_passwords(browser, desk_server):
    url, db_path = desk_server
    context = browser.new_context()
    name = base64.urlsafe_b64encode(b"Edna").decode().rstrip("=")
    forged = f"{name}.{int(time.time()) + 999}.00"  # a made-up signature
    context.add_cookies([{"name": "claimdesk_session", "value": forged, "url": url}])
    page = context.new_page()
    page.goto(url)  # a crafted session cookie does not sign anyone in
    wait_idle(page)
    page.get_by_role("heading", name="Sign in to Claimdesk").wait_for()

    messages = []
    for name in ["Edna"] * 6 + ["Nobody"] * 6:
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Password", exact=True).fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        # The check takes at least one scrypt hash, so the run is seen running, then idle.
        page.locator('[data-testid="stApp"][data-test-script-state="running"]').wait_for(
            state="attached", timeout=10_000
        )
        wait_idle(page)
        messages.append(page.get_by_test_id("stAlert").first.inner_text())
    assert set(messages) == {"Wrong name or password."}
    # Every failure is logged with the wait the next attempt gets, the same for an account
    # and a missing name (the waits themselves are timed in tests/workflows/test_desk.py).
    log = (db_path.parent / "server.log").read_text()
    waits = {
        name: re.findall(
            rf"failed sign-in for name '{name}' \(\d+ in a row; the next "
            r"attempt waits ([\d.]+) s\)",
            log,
        )
        for name in ("Edna", "Nobody")
    }
    assert waits["Edna"] == waits["Nobody"] == ["0.00", "0.25", "0.50", "1.00", "2.00", "4.00"]
    context.close()
