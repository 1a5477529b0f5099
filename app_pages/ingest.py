"""Ingest page: paste text or upload files; each document is added whole or not at all."""

import streamlit as st

import db.documents
import ui
from checks import validate
from checks.errors import ClaimdeskError
from checks.workflows.ingest import ingest_bytes, ingest_text

st.session_state.setdefault("ingest_results", [])
st.title("Ingest documents")
st.caption("Paste an article or upload .txt, .md, .html or .pdf files (several at once).")

with st.form("ingest_form"):
    pasted = st.text_area("Paste text", key="ingest_text", height=220)
    uploads = st.file_uploader(
        "…or upload files",
        type=["txt", "md", "markdown", "html", "htm", "pdf"],
        accept_multiple_files=True,
        key="ingest_files",
    )
    title = st.text_input("Title (optional)", key="ingest_title")
    url = st.text_input("Source URL (optional)", key="ingest_url")
    date = st.date_input("Publication date (optional)", value=None, key="ingest_date")
    submitted = st.form_submit_button("Ingest", type="primary")


def ingest_one(database, name: str, data: bytes | str, meta: dict, progress) -> dict:
    """Ingest one item (pasted text as str, an upload as bytes); return a summary row, or a
    row with `error` naming the problem."""
    try:
        if isinstance(data, str):  # pasted text is text, whatever its title's ending says
            result = ingest_text(database, data, ui.embedder(), name=name, progress=progress,
                                 **meta)  # fmt: skip
        else:
            result = ingest_bytes(database, data, name, ui.embedder(), progress=progress, **meta)
    except ClaimdeskError as err:
        message = str(err)
        return {"file": name, "error": message if name in message else f"{name}: {message}"}
    row = {
        "file": name,
        "document": result.document_id,
        "title": result.title,
        "new": result.added,
        "sentences": result.sentences,
        "claims": result.claims,
        "check-worthy": result.checkworthy,
        "quantities": result.quantities,
        "matches": result.matches,
    }
    if not result.added:  # already there: show what it holds, not the nothing just added
        (held,) = db.documents.document_summaries(database, result.document_id)
        row.update({"claims": held["claims"], "check-worthy": held["checkworthy"],
                    "reviewed": held["reviewed"], "sentences": None, "quantities": None,
                    "matches": None})  # fmt: skip
    return row


def ingest(items: list[tuple[str, bytes | str]]) -> list[dict]:
    """Ingest every item with a progress bar; bad items are reported and the rest go in."""
    try:
        meta = {
            "title": title.strip() or None,
            "url": validate.web_url(url) if url.strip() else None,
            "date": date.isoformat() if date else None,
        }
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
        return []
    database = ui.database()
    bar = st.progress(0.0, text="Starting…")
    rows = []
    for number, (name, data) in enumerate(items):

        def report(stage: str, done: int, total: int, number: int = number, name: str = name):
            share = (number + 0.9 * done / max(total, 1)) / len(items)
            bar.progress(min(share, 1.0), text=f"{name}: {stage} {done}/{total}")

        bar.progress(number / len(items), text=f"{name}: reading")
        rows.append(ingest_one(database, name, data, meta, report))
    bar.progress(1.0, text="Done")
    return rows


def start_review(document_id: int) -> None:
    """Open the review page on this document's queue."""
    st.session_state.review_document_request = document_id
    st.switch_page("app_pages/review.py")


if submitted:
    items = [(f.name, f.getvalue()) for f in uploads or []]
    if pasted.strip():
        items.insert(0, ((title.strip() or "pasted text"), pasted))
    if items:
        st.session_state.ingest_results = ingest(items)
    else:
        st.warning("Paste some text or choose a file first.")

results = st.session_state.ingest_results
for row in results:
    if "error" in row:
        st.error(ui.md(row["error"]))
done = [row for row in results if "error" not in row]
if done:
    st.subheader("Ingested")
    st.dataframe(done, hide_index=True, width="stretch")
    for row in done:
        left, right = st.columns([3, 1])
        if row["new"]:
            left.text(f"{row['title']} (added): {row['check-worthy']} check-worthy claims")
        else:
            left.text(
                f"{row['title']}: already in the archive as document {row['document']}, "
                f"nothing added. It holds {row['claims']} claims, {row['check-worthy']} "
                f"check-worthy, {row['reviewed']} reviewed."
            )
        if right.button("Start reviewing", key=f"review-doc-{row['document']}",
                        icon=":material/rate_review:"):  # fmt: skip
            start_review(row["document"])
