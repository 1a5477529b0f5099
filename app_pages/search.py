"""Search page: keyword, semantic and hybrid search over every claim, and "find similar"."""

import streamlit as st

import db.claims
import db.documents
import ui
from checks import figures
from checks import search as search_mod
from checks.claim_kinds import KINDS
from checks.errors import ClaimdeskError
from checks.labels import DISPLAY_NAMES, LABELS
from checks.workflows import desk
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
            if result.get("verdict_hidden"):
                verdict = "verdict hidden (your blind second review)"
            where = result.get("document_title") or " ".join(
                filter(None, [result.get("archive") or "archive", result.get("external_id")])
            )
            facts = [f"#{rank}", f"score {figures.score(result['score'])}", verdict, where,
                     result.get("kind") or ""]  # fmt: skip
            if result.get("numbers") == "differ":
                facts.append("numbers differ")
            st.caption(ui.md(" · ".join(f for f in facts if f)))
            left, right = st.columns(2)
            left.page_link(
                "app_pages/review.py", label=f"Open claim {cid} in review",
                query_params={"claim": str(cid)}, icon=":material/rate_review:",
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
floor = st.slider(
    "Relevance floor", 0.0, 1.0, search_mod.RELEVANCE_FLOOR, 0.01, key="search_floor",
    help="Semantic and hybrid results less related than this are not shown (similarity of "
    "meaning, plus up to 0.15 for shared keywords in hybrid). The default keeps 99% of true "
    "matches in a fact-check benchmark; unrelated sentences score lower.",
)  # fmt: skip
filters = read_filters(database)

similar_to = st.session_state.search_similar
if similar_to is not None:
    try:
        claim = db.claims.get_claim(database, similar_to)
        with st.spinner("Finding similar claims…"):
            similar = similar_claims(database, similar_to, ui.embedder(), k=int(k))
        similar = desk.hide_blind(similar, desk.blind_claims(database, ui.reviewer()))
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
    else:
        st.subheader(f"Claims similar to claim {similar_to}")
        st.text(claim["text"])
        st.button("Clear", key="similar-clear", on_click=find_similar, args=(None,))
        close, below = search_mod.above_floor(similar, "hybrid", floor)
        show_results(close, "similar")
        if below:
            st.caption(f"{below} less similar claims scored below the relevance floor.")
        st.divider()

if query.strip():
    try:
        with st.spinner("Searching…"):
            results = search(database, query, ui.embedder(), k=int(k), mode=mode,
                             **filters)  # fmt: skip
        blind = desk.blind_claims(database, ui.reviewer())
        results = desk.hide_blind(results, blind, label_filter=filters["label"])
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
    else:
        shown, below = search_mod.above_floor(results, mode, floor)
        st.subheader(f"{len(shown)} results")
        show_results(shown, "result")
        st.caption(ui.md(f"Score: {search_mod.score_meaning(mode, floor)}."))
        if below:
            st.info(
                f"{below} more of the top {len(results)} scored below the relevance floor of "
                f"{floor:.2f} and are not shown: they are unlikely to be about the same thing. "
                "Lower the floor to see them.",
                icon=":material/filter_alt:",
            )
elif similar_to is None:
    st.caption("Type a claim, a topic or a figure, and press Enter.")
