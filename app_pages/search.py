"""Search page: keyword, semantic and hybrid search over every claim, and "find similar"."""

import streamlit as st

import db.claims
import db.documents
import ui
from checks.claim_kinds import KINDS
from checks.errors import ClaimdeskError
from checks.labels import DISPLAY_NAMES, LABELS
from checks.workflows.searching import search, similar_claims

ANY = "any"
MODES = {"hybrid": "Hybrid", "semantic": "Semantic", "keyword": "Keyword"}
st.session_state.setdefault("search_similar", None)


def read_filters(database) -> dict:
    """Draw the filters; return them as `search` keyword arguments."""
    titles = {
        d["id"]: d["title"] or f"Document {d['id']}" for d in db.documents.document_titles(database)
    }
    with st.expander("Filters", expanded=False):
        left, middle, right = st.columns(3)
        label = left.selectbox(
            "Verdict", [ANY, *LABELS], format_func=lambda v: DISPLAY_NAMES.get(v, "Any"),
            key="search_label",
        )  # fmt: skip
        status = left.selectbox("Status", [ANY, "new", "checked"], key="search_status")
        kind = middle.selectbox("Kind", [ANY, *KINDS], key="search_kind")
        document = middle.selectbox(
            "Document", [None, *titles], key="search_document",
            format_func=lambda i: "All documents and archives" if i is None else titles[i],
        )  # fmt: skip
        since = right.date_input("Since", value=None, key="search_since")
        until = right.date_input("Until", value=None, key="search_until")
    return {
        "label": None if label == ANY else label,
        "status": None if status == ANY else status,
        "kind": None if kind == ANY else kind,
        "document_id": document,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }


def find_similar(claim_id: int) -> None:
    st.session_state.search_similar = claim_id


def show_results(results: list[dict], prefix: str) -> None:
    """Show results with score, verdict, where from, and links into review and to similar."""
    if not results:
        st.caption("No claims found.")
        return
    for rank, result in enumerate(results, start=1):
        cid = result["claim_id"]
        with st.container(border=True):
            st.text(result["text"])
            verdict = DISPLAY_NAMES.get(result["verdict"], "no verdict")
            where = result.get("document_title") or " ".join(
                filter(None, [result.get("archive") or "archive", result.get("external_id")])
            )
            facts = [f"#{rank}", f"score {result['score']:.3f}", verdict, where,
                     result.get("kind") or ""]  # fmt: skip
            if result.get("numbers") == "differ":
                facts.append("numbers differ")
            st.caption(ui.md(" · ".join(f for f in facts if f)))
            left, right = st.columns(2)
            left.page_link(
                "app_pages/review.py", label=f"Open claim {cid} in review",
                query_params={"claim": str(cid)}, icon="📝",
            )  # fmt: skip
            right.button("Find similar", key=f"{prefix}-similar-{cid}", on_click=find_similar,
                         args=(cid,))  # fmt: skip


st.title("Search the archive")
database = ui.database()
with st.form("search_form", border=False):
    query_col, mode_col, k_col = st.columns([4, 2, 1])
    query = query_col.text_input("Search claims", key="search_query",
                                 placeholder="e.g. tram budget 2.4 billion")  # fmt: skip
    mode = mode_col.radio("Mode", list(MODES), format_func=MODES.get, horizontal=True,
                          key="search_mode")  # fmt: skip
    k = k_col.number_input("Results", 1, 100, 10, key="search_k")
    st.form_submit_button("Search", type="primary")
filters = read_filters(database)

similar_to = st.session_state.search_similar
if similar_to is not None:
    try:
        claim = db.claims.get_claim(database, similar_to)
        with st.spinner("Finding similar claims…"):
            similar = similar_claims(database, similar_to, ui.embedder(), k=int(k))
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
    else:
        st.subheader(f"Claims similar to claim {similar_to}")
        st.text(claim["text"])
        st.button("Clear", key="similar-clear", on_click=find_similar, args=(None,))
        show_results(similar, "similar")
        st.divider()

if query.strip():
    try:
        with st.spinner("Searching…"):
            results = search(database, query, ui.embedder(), k=int(k), mode=mode,
                                      **filters)  # fmt: skip
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
    else:
        st.subheader(f"{len(results)} results")
        show_results(results, "result")
elif similar_to is None:
    st.caption("Type a claim, a topic or a figure, and press Enter.")
