"""Starting a real Streamlit server for browser tests, and waiting for it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    db_path: Path, log_path: Path, model: str = "fake"
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` on a free port; return the process and its base URL once
    healthy (fails with the server log after 60 s or when the process exits)."""
    port = free_port()
    env = {**os.environ, "CLAIMDESK_DB": str(db_path), "CLAIMDESK_MODEL": model}
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                if reply.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"streamlit did not become healthy in 60 s: {log_path.read_text()}")


@contextmanager
def serving(db_path: Path, log_path: Path, model: str = "fake") -> Iterator[str]:
    """Serve `db_path` with `start_server` for the block; yield the base URL, stop it after."""
    process, url = start_server(db_path, log_path, model)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_cli(*args: str, db_path: Path, model: str = "fake") -> subprocess.CompletedProcess:
    """Run `python -m checks ARGS` against `db_path`."""
    env = {**os.environ, "CLAIMDESK_DB": str(db_path), "CLAIMDESK_MODEL": model}
    return subprocess.run(
        [sys.executable, "-m", "checks", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the Streamlit script has finished its run."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]',
        state="attached",
        timeout=timeout,
    )
