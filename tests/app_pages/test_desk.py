"""AppTest of the desk: the open desk as before, the sign-in once an editor exists, roles in
the navigation, the blind second review on the review page, and the desk pages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from checks.workflows import desk

EDITOR = desk.Account("Edna", "editor")


@pytest.fixture
def staffed(database):
    for name, role in [("Edna", "editor"), ("Ana", "reviewer"), ("Ben", "reviewer")]:
        desk.add_user(database, name, role, f"{name}-password", actor=None)
    return database


def texts(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "caption", "markdown", "text", "info", "error",
             "success", "warning")  # fmt: skip
    parts = [e.value for kind in kinds for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return at.button[0].click().run()


def test_open_desk_works_as_before_and_says_so(app, database):
    app.run()
    assert not app.exception
    assert app.text_input(key="reviewer_input")
    assert "Open desk" in texts(app)


@pytest.mark.parametrize("page", ["app_pages/agreement.py", "app_pages/assignments.py",
                                  "app_pages/accounts.py"])  # fmt: skip
def test_desk_pages_render_on_an_open_desk(app, database, add_doc, page):
    add_doc("Prices rose 5 percent.")
    app.run()
    app.switch_page(page).run()
    assert not app.exception


def test_an_editor_account_turns_on_the_sign_in(app, staffed):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Sign in to Claimdesk"
    sign_in(app, "Ana", "wrong password")
    assert app.error[0].value == "Wrong name or password."
    sign_in(app, "ana", "Ana-password")
    assert not app.exception
    assert "Signed in as" in texts(app) and "Ana" in texts(app)
    assert app.session_state["reviewer"] == "Ana"


def test_a_reviewer_never_gets_editor_pages(app, staffed):
    app.run()
    sign_in(app, "Ana", "Ana-password")
    for page in ("app_pages/accounts.py", "app_pages/assignments.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)  # not registered for a reviewer: no address reaches it


def test_an_editor_gets_them(app, staffed):
    app.run()
    sign_in(app, "Edna", "Edna-password")
    app.switch_page("app_pages/accounts.py").run()
    assert not app.exception
    assert app.title[0].value == "Accounts"


def test_blind_second_review_on_the_review_page(app, staffed, add_doc):
    (cid,) = add_doc("The tram costs 2.4 billion euros.")
    desk.assign(staffed, "Ana", claim_ids=[cid], actor=EDITOR)
    desk.assign(staffed, "Ben", claim_ids=[cid], round_=2, actor=EDITOR)
    desk.record_round_verdict(staffed, cid, "mostly-false", reviewer="Ana", round_=1,
                              rationale="ANA-SECRET-RATIONALE")  # fmt: skip
    app.run()
    sign_in(app, "Ben", "Ben-password")
    assert not app.exception
    shown = texts(app)
    assert "My assignments (1 left)" in shown
    assert "ANA-SECRET-RATIONALE" not in shown and "Ana" not in shown
    assert "hidden until you save" in shown
    app.radio(key=f"label-{cid}").set_value("true")
    app.text_area(key=f"rationale-{cid}").input("The budget says 2.4 billion.")
    next(b for b in app.button if b.label == "Save and next").click().run()
    assert not app.exception
    assert desk.blind_claims(staffed, "Ben") == set()
