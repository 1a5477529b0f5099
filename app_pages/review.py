"""Review page: the queue of check-worthy claims, the claim in context and the verdict form."""

import streamlit as st

import ui
from checks.labels import DISPLAY_NAMES, LABELS
from db import store

st.title("Review queue")
database = ui.database()
queue = store.claims_for_review(database, limit=50)
total = store.count_claims_for_review(database)
st.caption(f"{total} check-worthy claims waiting for a verdict.")
if not queue:
    st.info("Nothing to review. Ingest a document first.")
    st.stop()
st.dataframe(
    [
        {"id": c["id"], "score": round(c["score"], 2), "kind": c["kind"], "claim": c["text"]}
        for c in queue
    ],
    hide_index=True,
    width="stretch",
)
st.caption("Verdict labels: " + ", ".join(DISPLAY_NAMES[label] for label in LABELS))
