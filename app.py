"""Claimdesk: the Streamlit entry point (page config, reviewer identity, navigation)."""

from pathlib import Path

import streamlit as st

# The icon ships with the app: a ":material/...:" page icon is fetched from a font CDN on every
# page load, and the app makes no network requests (DESIGN §6).
ICON = Path(__file__).resolve().parent / "static" / "claimdesk-icon.png"
st.set_page_config(page_title="Claimdesk", page_icon=str(ICON), layout="wide")
st.session_state.setdefault("reviewer", "")
# The name lives in a plain key: st.switch_page drops widget state, which would forget it.
st.session_state.reviewer_input = st.session_state.reviewer


def _remember_reviewer() -> None:
    st.session_state.reviewer = st.session_state.reviewer_input.strip()


with st.sidebar:
    st.text_input(
        "Your name",
        key="reviewer_input",
        on_change=_remember_reviewer,
        placeholder="Reviewer name",
        help="Recorded with every verdict you save. Claimdesk has no login of its own.",
    )

pages = [
    st.Page("app_pages/review.py", title="Review", icon=":material/rate_review:", default=True),
    st.Page("app_pages/ingest.py", title="Ingest", icon=":material/upload_file:"),
    st.Page("app_pages/search.py", title="Search", icon=":material/search:"),
    st.Page("app_pages/dashboard.py", title="Dashboard", icon=":material/monitoring:"),
    st.Page("app_pages/export.py", title="Export", icon=":material/download:"),
]
st.navigation(pages).run()
