"""AppTest: every page renders, and the shell shows what the database holds."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["app_pages/review.py", "app_pages/ingest.py", "app_pages/search.py",
         "app_pages/dashboard.py", "app_pages/export.py"]  # fmt: skip


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_MODEL", "fake")
    return AppTest.from_file(APP, default_timeout=30)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title


def test_review_page_lists_claims(app, add_doc):
    add_doc("The council approved €2.4 billion for trams.")
    app.run()
    assert not app.exception
    assert "1 check-worthy claims" in app.caption[0].value


def test_reviewer_name_is_remembered(app):
    app.run()
    app.sidebar.text_input(key="reviewer").input("Ana").run()
    app.switch_page("app_pages/dashboard.py").run()
    assert app.session_state["reviewer"] == "Ana"
