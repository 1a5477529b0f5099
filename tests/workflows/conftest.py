"""Fixtures of the workflow tests: a small archive file of earlier fact-checks."""

import pytest

from tests.support import ARCHIVE


@pytest.fixture
def archive_file(tmp_path):
    """Return a CSV archive of three claims, two of them rated."""
    path = tmp_path / "desk.csv"
    path.write_text(ARCHIVE, encoding="utf-8")
    return path
