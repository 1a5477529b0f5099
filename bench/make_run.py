"""Seconds from `make run` (install already done) to a browser showing the first demo claim.

Runs `make run` on a fresh temporary database and a free port, with the real model, and polls
the review page in Debian's Chromium until a claim row is visible.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, table
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, free_port


def _first_claim_seconds(url: str, started: float, deadline: float) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        while time.monotonic() < deadline:
            try:
                page.goto(url, timeout=5_000)
                cell = page.locator("[data-testid=stDataFrame] td[role=gridcell]").first
                cell.wait_for(state="attached", timeout=5_000)
                seconds = time.monotonic() - started
                browser.close()
                return seconds
            except Exception:  # noqa: BLE001 - server not up yet: poll again
                time.sleep(0.2)
        browser.close()
    raise RuntimeError("no demo claim appeared within the deadline")


def measure() -> dict[str, float]:
    """Return the time to the first demo claim for one `make run` on a fresh database."""
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = {**os.environ, "CLAIMDESK_DB": str(Path(folder) / "demo.db")}
        env.pop("CLAIMDESK_MODEL", None)
        started = time.monotonic()
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            seconds = _first_claim_seconds(f"http://127.0.0.1:{port}", started, started + 180)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
    return {"first_claim_s": seconds}


def main() -> str:
    """Return the Markdown section for bench/RESULTS.md."""
    result = measure()
    rows = [["`make run` → first demo claim in Chromium (fresh DB, real model)",
             f"{result['first_claim_s']:.1f} s"]]  # fmt: skip
    return "## make run\n\n" + table(["what", "seconds"], rows)


if __name__ == "__main__":
    print(main())
