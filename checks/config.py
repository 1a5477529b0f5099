"""Configuration, read in one place: environment variables and their defaults (DESIGN.md §6)."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "claimdesk.db"
DEFAULT_ORG = "Claimdesk"
DEFAULT_REVIEW_URL = "http://127.0.0.1:8501/?claim={id}"
_LOCAL_HOSTS = frozenset({"", "127.0.0.1", "localhost", "0.0.0.0", "::1"})


def db_path() -> Path | str:
    """Return the database: `$CLAIMDESK_DB` (a file path, or a postgresql:// URL kept as text),
    else `data/claimdesk.db`."""
    value = os.environ.get("CLAIMDESK_DB") or DEFAULT_DB
    return value if is_database_url(value) else Path(value)


def is_database_url(value: str | Path) -> bool:
    """Return whether a --db value names a PostgreSQL server rather than an SQLite file."""
    return str(value).startswith(("postgresql://", "postgres://"))


def model_setting() -> str | None:
    """Return `$CLAIMDESK_MODEL`: a local model folder, `fake`, or None for the packaged model."""
    return os.environ.get("CLAIMDESK_MODEL") or None


def embed_backend() -> str:
    """Return `$CLAIMDESK_EMBEDDER`: `openvino` (default), `onnx` (ONNX Runtime) or `torch`
    (sentence-transformers, the reference); each falls back to the next when it cannot run."""
    return os.environ.get("CLAIMDESK_EMBEDDER") or "openvino"


def cache_dir() -> Path:
    """Return the folder for derived files such as the exported ONNX model: `$CLAIMDESK_CACHE`,
    else `$XDG_CACHE_HOME/claimdesk`, else `~/.cache/claimdesk`."""
    if os.environ.get("CLAIMDESK_CACHE"):
        return Path(os.environ["CLAIMDESK_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "claimdesk"


def org_name() -> str:
    """Return the desk's organisation name for ClaimReview `author`."""
    return os.environ.get("CLAIMDESK_ORG") or DEFAULT_ORG


def review_url(claim_id: int) -> str:
    """Return the public address of the review of a claim."""
    pattern = os.environ.get("CLAIMDESK_REVIEW_URL") or DEFAULT_REVIEW_URL
    return pattern.replace("{id}", str(claim_id))


def review_address_warning() -> str | None:
    """Return a one-line warning while published review addresses would be the local default
    (`CLAIMDESK_REVIEW_URL` unset, or pointing at this machine), else None."""
    pattern = os.environ.get("CLAIMDESK_REVIEW_URL") or DEFAULT_REVIEW_URL
    try:
        host = urlsplit(pattern.replace("{id}", "1")).hostname or ""
    except ValueError:  # a malformed pattern is no public address either
        host = ""
    if host not in _LOCAL_HOSTS:
        return None
    return (
        f"ClaimReview addresses point at this machine ({pattern}): set CLAIMDESK_REVIEW_URL "
        "to your site's review address pattern with {id} (and CLAIMDESK_ORG to your "
        "organisation) before publishing"
    )


def fault_point() -> str | None:
    """Return `$CLAIMDESK_FAULT` (test-only): the stage at which to kill the process."""
    return os.environ.get("CLAIMDESK_FAULT") or None


def fault(stage: str) -> None:
    """Kill this process at `stage` when the test-only `$CLAIMDESK_FAULT` names it (DESIGN §7):
    ingest's extract, embed and write stages, import between two batches, and "output": a
    report written to its temporary file but not yet renamed over the old one."""
    if fault_point() == stage:
        os.kill(os.getpid(), signal.SIGKILL)
