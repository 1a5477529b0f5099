"""What the AppTest tests of the pages share: the app on a fresh database, seeded claims, and
small helpers that act on the app and read what it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import db.connection
from tests.support import add_document

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["app_pages/review.py", "app_pages/ingest.py", "app_pages/search.py",
         "app_pages/dashboard.py", "app_pages/export.py"]  # fmt: skip
ARTICLE = (
    "Lakeport will spend $300 billion on trams by 2030, the mayor said on Monday.\n\n"
    "The plan costs $1 billion more than the 2024 estimate, according to the budget office. "
    "Ridership rose by 12 percent last year.\n\n"
    "Is this the right plan for the city?"
)


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_MODEL", "fake")
    return AppTest.from_file(APP, default_timeout=30)


def money(text: str, snippet: str, start: int, value: float) -> dict:
    """Return a quantity row for `snippet` inside claim `text` that starts at `start`."""
    offset = start + text.index(snippet)
    return {"start": offset, "end": offset + len(snippet), "text": snippet, "value": value,
            "unit": "USD", "kind": "money", "qualifier": None, "per": None}  # fmt: skip


@pytest.fixture
def seed(database):
    """Return a function adding one document whose claims are (text, score, extra) triples."""

    def add(*claims: tuple[str, float, dict], title: str = "Tram plan") -> list[int]:
        rows = [(text, {"score": score, **extra}) for text, score, extra in claims]
        return add_document(database, *rows, title=title, separator="\n\n")

    return add


@pytest.fixture
def three(seed):
    """Three check-worthy claims, highest score first: ids in queue order."""
    first = "The tram line will cost $300 billion over ten years."
    return seed(
        (first, 0.95, {"quantities": [money(first, "$300 billion", 0, 3e11)]}),
        ("Fares went up by 10 percent in March.", 0.8, {"kind": "event"}),
        ("Ridership doubled since the line opened.", 0.7, {"kind": "comparison"}),
    )


def named(app: AppTest, name: str = "Ana") -> AppTest:
    app.run()
    app.sidebar.text_input(key="reviewer_input").input(name).run()
    return app


def current(app: AppTest) -> int:
    return app.session_state["review"].current


def fill(app: AppTest, claim_id: int, label: str, rationale: str = "", sources: str = ""):
    app.radio(key=f"label-{claim_id}").set_value(label)
    app.text_area(key=f"rationale-{claim_id}").input(rationale)
    app.text_area(key=f"sources-{claim_id}").input(sources)


def press(app: AppTest, label: str) -> AppTest:
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception, app.exception
    return app


def plain(markdown: str) -> str:
    """Return Markdown as the reader sees it (our pages backslash-escape user text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(app: AppTest) -> str:
    return plain(" ".join(e.value for e in app.error))


def captions(app: AppTest) -> str:
    return plain(" ".join(c.value for c in app.caption))


def app_database():
    """Open the database the app under test uses ($CLAIMDESK_DB)."""
    from checks import config

    return db.connection.open_database(config.db_path())
