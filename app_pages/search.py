"""Search page: keyword, semantic and hybrid search over every claim in the archive."""

import streamlit as st

st.title("Search the archive")
st.info("Search over claims and earlier verdicts arrives with the archive and search issue.")
