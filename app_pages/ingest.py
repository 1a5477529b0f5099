"""Ingest page: paste text or upload files; each document is added whole or not at all."""

import streamlit as st

import ui
from checks import pipeline
from checks.errors import ClaimdeskError

st.title("Ingest documents")
st.caption("Paste an article or upload .txt, .md, .html or .pdf files.")

with st.form("ingest_form", clear_on_submit=False):
    pasted = st.text_area("Paste text", key="ingest_text", height=220)
    uploads = st.file_uploader(
        "…or upload files", type=["txt", "md", "html", "htm", "pdf"], accept_multiple_files=True
    )
    title = st.text_input("Title (optional)", key="ingest_title")
    url = st.text_input("Source URL (optional)", key="ingest_url")
    date = st.date_input("Publication date (optional)", value=None, key="ingest_date")
    submitted = st.form_submit_button("Ingest", type="primary")

if submitted:
    items = [(f.name, f.getvalue()) for f in uploads or []]
    if pasted.strip():
        items.insert(0, ("pasted.txt", pasted.encode("utf-8")))
    if not items:
        st.warning("Paste some text or choose a file first.")
    database = ui.database()
    bar = st.progress(0.0, text="Working…")
    for number, (name, data) in enumerate(items):

        def report(
            stage: str, done: int, total: int, number: int = number, name: str = name
        ) -> None:
            share = (number + (done / max(total, 1)) * 0.9) / len(items)
            bar.progress(min(share, 1.0), text=f"{name}: {stage} {done}/{total}")

        try:
            result = pipeline.ingest_bytes(
                database,
                data,
                name,
                ui.embedder(),
                title=title or None,
                url=(pipeline.check_url(url) if url else None),
                date=date.isoformat() if date else None,
                progress=report,
            )
        except ClaimdeskError as err:
            st.error(str(err))
            continue
        if result.added:
            st.success(
                f"{name}: {result.claims} claims ({result.checkworthy} check-worthy), "
                f"{result.quantities} quantities, {result.matches} matches."
            )
        else:
            st.info(f"{name}: already in the archive as document {result.document_id}.")
    bar.progress(1.0, text="Done")
