"""Dashboard page: counts by status, label and kind, progress per document, reviewer activity."""

import streamlit as st

import ui
from db import store

st.title("Dashboard")
documents = store.list_documents(ui.database())
st.metric("Documents", len(documents))
if documents:
    st.dataframe(
        [
            {"document": d["title"], "claims": d["claims"], "check-worthy": d["checkworthy"]}
            for d in documents
        ],
        hide_index=True,
    )
