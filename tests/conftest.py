"""Shared fixtures: a fresh migrated database, the fake and the real embedder, shared data."""

from __future__ import annotations

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
