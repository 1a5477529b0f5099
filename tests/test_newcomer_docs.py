"""What a newcomer reads and sees first: the README's opening, skip reasons in the test output,
and icons that need no emoji font."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Emoji and pictographs: Chromium without an emoji font draws them as empty boxes.
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\ufe0f]")


def _opening() -> str:
    """Return the README up to its first section of measurements."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Extraction", 1)[0]


@pytest.mark.parametrize(
    "needle",
    [
        "make run", "make test", "Ctrl+C", "data/claimdesk.db", "demo --remove",
        "Remove the demo", "PORT=", "HOST=", "CLAIMDESK_REVIEW_URL", "CLAIMDESK_ORG",
        ".venv/bin/claimdesk", "source .venv/bin/activate",
    ],
)  # fmt: skip
def test_readme_opening_tells_a_newcomer(needle):
    assert needle in _opening()


def test_pytest_reports_why_tests_skip():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    assert "-rs" in options["ini_options"]["addopts"].split()


@pytest.mark.parametrize(
    "path", ["app.py", "ui.py", *sorted(p.relative_to(ROOT).as_posix()
                                        for p in (ROOT / "app_pages").glob("*.py"))],
)  # fmt: skip
def test_app_uses_material_icons_not_emoji(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert EMOJI.findall(text) == []
