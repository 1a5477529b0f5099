"""Assignments page (editors): give a document's claims to a reviewer for a first review and a
sample to another for a blind second review; progress per reviewer."""

import streamlit as st

import db.documents
import ui
from checks.errors import ClaimdeskError
from checks.workflows import desk

st.title("Assignments")
database = ui.database()
if st.session_state.get("assign_flash"):
    st.success(ui.md(st.session_state.pop("assign_flash")))
accounts = [a["name"] for a in desk.list_users(database) if a["active"]]
titles = {
    d["id"]: f"{d['title'] or 'Document'} (#{d['id']})"
    for d in db.documents.list_documents(database)
}

with st.form("assign_form"):
    document = st.selectbox("Document", list(titles), format_func=titles.get, index=None,
                            key="assign_document")  # fmt: skip
    first, second = st.columns(2)
    if accounts:
        reviewer_1 = first.selectbox("First review by", accounts, index=None, key="assign_r1")
        reviewer_2 = second.selectbox("Blind second review by", accounts, index=None,
                                      key="assign_r2")  # fmt: skip
    else:
        reviewer_1 = first.text_input("First review by", key="assign_r1")
        reviewer_2 = second.text_input("Blind second review by", key="assign_r2")
    share = st.slider("Share of claims for the second review", 0, 100, 50, 5, format="%d%%",
                      key="assign_share")  # fmt: skip
    submitted = st.form_submit_button("Assign", type="primary")
if submitted:
    try:
        if document is None or not reviewer_1:
            raise desk.InvalidValue("assign: choose a document and a first reviewer")
        done = [desk.assign(database, reviewer_1, document_id=document, actor=ui.acting())]
        if reviewer_2 and share:
            done.append(desk.assign(database, reviewer_2, document_id=document, round_=2,
                                    sample=share / 100, actor=ui.acting()))  # fmt: skip
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
    else:
        st.session_state.assign_flash = "; ".join(
            f"round {d['round']}: {len(d['assigned'])} claims to {d['reviewer']}"
            + (f" ({len(d['already'])} were already assigned)" if d["already"] else "")
            for d in done
        )
        st.rerun()

st.subheader("Progress per reviewer")
progress = desk.assignment_progress(database)
if progress:
    st.dataframe(
        [{**row, "progress": row["done"] / row["assigned"]} for row in progress],
        hide_index=True, width="stretch",
        column_config={"progress": st.column_config.ProgressColumn("progress", format="percent")},
    )  # fmt: skip
else:
    st.caption("Nothing assigned yet.")
