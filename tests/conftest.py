"""Shared fixtures: a fresh migrated database, the fake and the real embedder, shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """Return ../shared/data, skipping the test when a user's clone has none beside it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (only CI and the developers have it)")
    return SHARED_DATA


@pytest.fixture
def fake_embedder():
    from checks.embed import FakeEmbedder

    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from checks.embed import load_embedder

    return load_embedder("")


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """Return a temporary database path, also set as $CLAIMDESK_DB."""
    path = tmp_path / "claimdesk.db"
    monkeypatch.setenv("CLAIMDESK_DB", str(path))
    return path


@pytest.fixture
def database(db_path):
    """Return a fresh, migrated database in a temporary folder."""
    import db.connection
    import db.documents

    database = db.connection.open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def add_doc(database):
    """Return a function adding a one-sentence-per-claim document (`support.add_document`
    with the same claim fields for every claim); it returns the claim ids."""
    from tests.support import add_document

    def add(*texts: str, title: str = "Doc", **claim_extra) -> list[int]:
        return add_document(database, *[(t, claim_extra) for t in texts], title=title)

    return add


@pytest.fixture
def add_article(database):
    """Return a function adding a document with metadata; one claim per text, ids returned."""

    from tests.support import add_document

    def add(*texts: str, title: str = "Budget story", claim_extra: list | None = None,
            **meta) -> list[int]:  # fmt: skip
        extras = claim_extra or [{}] * len(texts)
        claims = list(zip(texts, extras, strict=True))
        return add_document(database, *claims, title=title, **meta)

    return add


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Launch Debian's Chromium (never a downloaded browser); skip when a user has none,
    fail under CI=true, where its absence is a broken install."""
    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
