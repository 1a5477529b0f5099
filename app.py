"""Claimdesk: the Streamlit entry point (page config, sign-in or reviewer identity, navigation)."""

from pathlib import Path

import streamlit as st

import ui
from checks.workflows import desk

# The icon ships with the app: a ":material/...:" page icon is fetched from a font CDN on every
# page load, and the app makes no network requests (DESIGN §6).
ICON = Path(__file__).resolve().parent / "static" / "claimdesk-icon.png"
st.set_page_config(page_title="Claimdesk", page_icon=str(ICON), layout="wide")
st.session_state.setdefault("reviewer", "")
st.session_state.setdefault("account", None)
st.session_state.setdefault("signed_out", False)
# The name lives in a plain key: st.switch_page drops widget state, which would forget it.
st.session_state.reviewer_input = st.session_state.reviewer


def _remember_reviewer() -> None:
    st.session_state.reviewer = st.session_state.reviewer_input.strip()


def _sign_out() -> None:
    ui.forget_account()


def _signed_in(database) -> "desk.Account | None":
    """Return this session's account, checked against the database on every run."""
    account = ui.account()
    if account is None and not st.session_state.signed_out:
        account = desk.account_from_token(database, ui.session_cookie())
        if account is not None:
            ui.remember_account(account, ui.session_cookie())
    if account is None:
        return None
    try:
        role = desk.current_role(database, account)
    except desk.NotAllowed:  # disabled while signed in
        ui.forget_account()
        return None
    if role != account.role:
        account = desk.Account(account.name, role)
        st.session_state.account = account
    return account


database = ui.database()
is_open = desk.desk_is_open(database)
account = None if is_open else _signed_in(database)
database.close()

if not is_open and account is None:
    ui.sync_cookie()
    st.navigation([st.Page("app_pages/sign_in.py", title="Sign in", icon=":material/login:")]).run()
    st.stop()

with st.sidebar:
    if is_open:
        st.text_input(
            "Your name",
            key="reviewer_input",
            on_change=_remember_reviewer,
            placeholder="Reviewer name",
            help="Recorded with every verdict you save.",
        )
        # Markdown, not a caption: pages read their first caption as their own.
        st.markdown(
            ":small[Open desk: no editor account exists, so anyone who reaches this page "
            "names themselves. Create an editor (`claimdesk user add NAME --role editor`) to "
            "require a sign-in.]"
        )
    else:
        st.markdown(f"Signed in as **{ui.md(account.name)}** ({account.role})")
        st.button("Sign out", key="sign_out", on_click=_sign_out)
        ui.sync_cookie()

database = ui.database()
ui.demo_banner(database)
database.close()

pages = [
    st.Page("app_pages/review.py", title="Review", icon=":material/rate_review:", default=True),
    st.Page("app_pages/ingest.py", title="Ingest", icon=":material/upload_file:"),
    st.Page("app_pages/search.py", title="Search", icon=":material/search:"),
    st.Page("app_pages/dashboard.py", title="Dashboard", icon=":material/monitoring:"),
    st.Page("app_pages/export.py", title="Export", icon=":material/download:"),
    st.Page("app_pages/agreement.py", title="Agreement", icon=":material/handshake:"),
]
if is_open or account.is_editor:
    pages += [
        st.Page("app_pages/assignments.py", title="Assignments", icon=":material/assignment_ind:"),
        st.Page("app_pages/accounts.py", title="Accounts", icon=":material/group:"),
    ]
st.navigation(pages).run()
