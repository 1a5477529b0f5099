"""Review page: the queue, the current claim in its paragraph, the verdict form, similar claims
and the verdict history."""

import streamlit as st

import db.claims
import db.documents
import db.matches
import db.verdicts
import ui
from checks import figures
from checks.claim_kinds import KINDS
from checks.errors import ClaimdeskError, StaleClaim, UnknownClaim
from checks.labels import DISPLAY_NAMES, LABELS, needs_rationale
from checks.workflows import desk
from checks.workflows.queue import ANY, ReviewSession, queue_filters
from checks.workflows.verdicts import bulk_candidates

PAGE_SIZE = 50
# The confidence slider starts at "not set": a verdict has no confidence unless it is moved.
NOT_SET = "not set"
CONFIDENCE_STEPS = [NOT_SET, *(step / 20 for step in range(21))]
# The queue filters keep their values for the session, across visits to other pages.
KEEP = {"persist_state": "session"}
state = st.session_state
state.setdefault("review", ReviewSession())  # the open claim, Back trail and skips
for _key in ("review_pages", "review_open_request", "review_flash", "review_stale",
             "review_bulk"):  # fmt: skip
    state.setdefault(_key, [] if _key == "review_pages" else None)
session: ReviewSession = state.review
state.setdefault("review_blind", set())  # claims whose first round this reviewer may not see


def request_open(claim_id: int) -> None:
    """Ask the next run to open a claim (callbacks run before the script, without a database)."""
    state.review_open_request = claim_id


def show_link() -> None:
    """Put the open claim in the address (?claim=ID), so the page can be shared and reloaded."""
    state.review_stale = state.review_bulk = None
    if session.current is None:
        st.query_params.pop("claim", None)
    else:
        st.query_params["claim"] = str(session.current)


def read_filters(database) -> dict:
    """Draw the queue filters in the sidebar; return them as `db.claims.review_queue` filters."""
    if state.get("review_document_request") is not None:
        state.f_document = state.pop("review_document_request")
        session.close()
    titles = {
        d["id"]: d["title"] or f"Document {d['id']}" for d in db.documents.document_titles(database)
    }
    with st.sidebar:
        st.subheader("Queue filters")
        document = st.selectbox(
            "Document",
            [None, *titles],
            format_func=lambda i: "All documents" if i is None else f"{titles[i]} (#{i})",
            key="f_document",
            **KEEP,
        )
        status = st.selectbox("Status", ["new", "checked", "all"], key="f_status", **KEEP)
        kind = st.selectbox("Kind", [ANY, *KINDS], key="f_kind", **KEEP)
        min_score = st.slider("Minimum score", 0.0, 1.0, 0.0, 0.05, key="f_min_score", **KEEP)
        checkworthy = st.toggle("Check-worthy only", value=True, key="f_checkworthy", **KEEP)
        with_or_not = [ANY, "with", "without"]
        quantities = st.selectbox("Quantities", with_or_not, key="f_quantities", **KEEP)
        matches = st.selectbox("Similar claims", with_or_not, key="f_matches", **KEEP)
    return queue_filters(document, status, kind, min_score, checkworthy, quantities, matches)


def settle_current(database, filters: dict) -> dict | None:
    """Apply open requests, deep links and filter changes; return the open claim or None."""
    if session.use_filters(filters):
        state.review_pages = []
    request, state.review_open_request = state.review_open_request, None
    opened = session.current
    try:
        claim = session.settle(database, filters, ui.reviewer(), request,
                               st.query_params.get("claim"))  # fmt: skip
    except UnknownClaim:
        st.error(f"Claim {ui.md(str(request or st.query_params.get('claim')))}: no such claim.")
        claim = session.settle(database, filters, ui.reviewer())
    if session.current != opened:
        show_link()
    return claim


def show_claim(database, claim: dict) -> None:
    """Render the claim highlighted in its paragraph, with score, kind, reasons, quantities."""
    quantities = db.claims.claim_quantities(database, claim["id"])
    context = db.claims.claim_context(database, claim["id"])
    ui.claim_card(claim, quantities, context, blind=claim["id"] in state.review_blind)


def show_stale(stale: dict | None) -> None:
    """Say that the save was refused, and show the verdict that got in first."""
    st.error(
        "Not saved: another reviewer gave this claim a verdict after you opened it. "
        "Their verdict is below; your text is still in the form."
    )
    if stale and stale["claim_id"] not in state.review_blind:
        st.text(f"{stale['reviewer']} · {ui.label_name(stale['label'])} · {stale['created_at']}")
        if stale["rationale"]:
            st.text(stale["rationale"])
    if st.button("Keep my text and review their version", key="review_reload"):
        session.version = None  # re-read below
        state.review_stale = None
        st.rerun()


def save(database, claim: dict, values: dict) -> bool:
    """Record the form's verdict; return True when saved (errors are shown)."""
    if not ui.reviewer():
        st.error("Enter your name in the sidebar before saving a verdict.")
        return False
    if values["label"] is None:
        st.error("Choose a verdict label.")
        return False
    if needs_rationale(values["label"]) and not values["rationale"].strip():
        st.error("Write a rationale: say why, so that readers and other reviewers can follow.")
        return False
    try:
        desk.record_round_verdict(
            database,
            claim["id"],
            values["label"],
            reviewer=ui.reviewer(),
            round_=desk.open_round(database, claim["id"], ui.reviewer()),
            rationale=values["rationale"].strip(),
            sources=values["sources"].splitlines(),
            confidence=None if values["confidence"] == NOT_SET else values["confidence"],
            seconds_spent=session.seconds_open(),
            expected_version=session.version,
        )
    except StaleClaim as err:
        state.review_stale = {"verdict": err.current}
        return False
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
        return False
    return True


def verdict_form(database, filters: dict, claim: dict) -> None:
    """Draw the verdict form and act on Save and next, Skip and Back."""
    cid = claim["id"]
    messages = st.container()
    with st.form(f"verdict-{cid}"):
        label = st.radio(
            "Verdict", LABELS, index=None, format_func=DISPLAY_NAMES.get, horizontal=True,
            key=f"label-{cid}",
        )  # fmt: skip
        rationale = st.text_area(
            "Rationale", key=f"rationale-{cid}", height=100,
            help="Required for every verdict but “Not a claim”.",
        )  # fmt: skip
        sources = st.text_area("Source URLs, one per line", key=f"sources-{cid}", height=70)
        confidence = st.select_slider(
            "Confidence (optional)", CONFIDENCE_STEPS, value=NOT_SET, key=f"confidence-{cid}",
            format_func=lambda step: step if step == NOT_SET else f"{step:.2f}",
        )  # fmt: skip
        # "Save and next" and its shortcut need more room than Skip and Back (never cut short).
        left, middle, right = st.columns([2, 1, 1])
        saved = left.form_submit_button(
            "Save and next", type="primary", width="stretch", shortcut="Ctrl+Enter"
        )
        skip = middle.form_submit_button("Skip", width="stretch", shortcut="Alt+N")
        back = right.form_submit_button(
            "Back", width="stretch", disabled=not session.trail, shortcut="Alt+B"
        )
    with messages:
        if saved:
            values = {"label": label, "rationale": rationale, "sources": sources,
                      "confidence": confidence}  # fmt: skip
            if save(database, claim, values):
                state.review_flash = f"Saved your verdict on claim {cid}."
                session.saved(database, filters, ui.reviewer(), cid)
                show_link()
                st.rerun()
        if state.review_stale is not None:
            show_stale(state.review_stale["verdict"])
    if skip or back:
        if skip:
            session.skip(database, filters, ui.reviewer(), claim)
        else:
            session.back(database)
        show_link()
        st.rerun()


def similar_panel(database, claim: dict) -> None:
    """List the claims matched with this one; open one with a click; bulk-apply a verdict."""
    cid = claim["id"]
    matches = db.matches.claim_matches(database, cid)
    st.subheader(f"Similar claims ({len(matches)})")
    if not matches:
        st.caption("No similar claims in the archive.")
        return
    blind = cid in state.review_blind
    candidates = [] if blind or not ui.is_editor() else bulk_candidates(matches)
    mine = db.claims.claim_quantities(database, cid)
    for match in matches:
        mid = match["claim_id"]
        with st.container(border=True):
            st.text(match["text"])
            facts = ui.match_facts({**match, "verdict": None} if blind else match)
            if blind:
                facts = facts.replace("no verdict yet", "verdict hidden until you save")
            st.caption(ui.md(facts))
            if match["numbers"] == "differ":
                numbers_differ(mine, db.claims.claim_quantities(database, mid))
            st.button("Open", key=f"open-{cid}-{mid}", on_click=request_open, args=(mid,))
            if mid in candidates:
                st.checkbox("Select for the bulk verdict", key=f"bulk-{cid}-{mid}")
    if candidates:
        bulk_action(database, claim, candidates)


def numbers_differ(mine: list[dict], theirs: list[dict]) -> None:
    """Warn that the figures differ, showing them side by side ("38%" here, "48%" there)."""
    pairs = figures.differing(mine, theirs)
    shown = "; ".join(f"{a} here, {b} there" for a, b in pairs)
    st.warning(
        ui.md(f"Numbers differ ({shown}): do not reuse this verdict as it is.")
        if shown
        else "Numbers differ: do not reuse this verdict as it is.",
        icon=":material/warning:",
    )


def bulk_action(database, claim: dict, candidates: list[int]) -> None:
    """Apply this claim's current verdict to the selected same-claim matches, once confirmed."""
    cid = claim["id"]
    chosen = [mid for mid in candidates if state.get(f"bulk-{cid}-{mid}")]
    current = db.verdicts.current_verdict(database, cid)
    if current is None:
        st.caption("Save a verdict on this claim to apply it to the same claims without one.")
        return
    label = ui.label_name(current["label"])
    if st.button(f"Apply “{label}” to {len(chosen)} selected", disabled=not chosen,
                 key=f"bulk-apply-{cid}"):  # fmt: skip
        state.review_bulk = {"claim": cid, "ids": chosen}
    pending = state.review_bulk
    if not pending or pending["claim"] != cid:
        return
    st.warning(f"Give {len(pending['ids'])} claims the verdict “{label}” under your name?")
    for row in desk.bulk_preview(database, pending["ids"]):
        st.text(f"Claim {row['claim_id']}: {row['text']}  [{row['figures'] or 'no figures'}]")
    yes, no = st.columns(2)
    if yes.button("Confirm", type="primary", key=f"bulk-confirm-{cid}"):
        try:
            done = desk.apply_bulk(database, cid, pending["ids"], actor=ui.acting())
        except ClaimdeskError as err:
            st.error(ui.md(str(err)))
            return
        state.review_bulk = None
        state.review_flash = f"Applied “{label}” to {len(done)} similar claims."
        st.rerun()
    if no.button("Cancel", key=f"bulk-cancel-{cid}"):
        state.review_bulk = None
        st.rerun()


def history_panel(database, claim: dict) -> None:
    """Show every verdict of the claim, newest first: who, when, what and why."""
    if claim["id"] in state.review_blind:
        st.subheader("Verdict history")
        st.caption("The history is hidden until you save your blind second review.")
        return
    history = db.verdicts.verdict_history(database, claim["id"])
    st.subheader(f"Verdict history ({len(history)})")
    ui.verdict_history(history)


def assignments_panel(database) -> None:
    """List this reviewer's open assignments, first in their queue, with how many are left."""
    mine = desk.my_assignments(database, ui.reviewer())
    if not mine:
        return
    st.subheader(f"My assignments ({len(mine)} left)")
    for row in mine[:PAGE_SIZE]:
        left, right = st.columns([5, 1])
        kind = "blind second review" if row["round"] == 2 else "first review"
        left.text(f"Claim {row['claim_id']} ({kind}): {row['text']}")
        right.button("Open", key=f"mine-{row['claim_id']}", on_click=request_open,
                     args=(row["claim_id"],))  # fmt: skip


def on_table_select() -> None:
    rows = state[f"review_table_{len(state.review_pages)}"].selection.rows
    if rows:
        request_open(state.review_table_ids[rows[0]])


def queue_table(database, filters: dict) -> None:
    """Show one keyset page of the queue; a selected row opens that claim."""
    pages = state.review_pages
    rows = db.claims.review_queue(database, after=pages[-1] if pages else None, limit=PAGE_SIZE,
                              **filters)  # fmt: skip
    st.subheader("Queue")
    skips = set(session.skips(ui.reviewer()))
    state.review_table_ids = [r["id"] for r in rows]
    table = [
        {"id": r["id"], "score": round(r["score"], 3), "kind": r["kind"], "claim": r["text"],
         "document": r["document_title"], "skipped": r["id"] in skips}
        for r in rows
    ]  # fmt: skip
    st.dataframe(
        table, hide_index=True, width="stretch", on_select=on_table_select,
        selection_mode="single-row", key=f"review_table_{len(pages)}",
    )  # fmt: skip
    back, page, forward = st.columns([1, 2, 1])
    if back.button("← Previous page", disabled=not pages, key="queue_prev"):
        state.review_pages = pages[:-1]
        st.rerun()
    page.caption(f"Page {len(pages) + 1} · select a row to open it")
    if forward.button("Next page →", disabled=len(rows) < PAGE_SIZE, key="queue_next"):
        state.review_pages = [*pages, db.claims.queue_key(rows[-1])]
        st.rerun()


st.title("Review queue")
database = ui.database()
state.review_blind = desk.blind_claims(database, ui.reviewer())
filters = read_filters(database)
total = ui.queue_count(database, filters)
claim = settle_current(database, filters)
if session.version is None and claim is not None:
    session.version = claim["version"]
st.caption(f"{total} claims in this queue · ordered by check-worthiness")
if state.review_flash:
    st.success(state.review_flash)
    state.review_flash = None
if not ui.reviewer():
    st.info("Enter your name in the sidebar: it is recorded with every verdict you save.")
assignments_panel(database)
if claim is None:
    st.info("Nothing to review with these filters. Ingest a document, or change the filters.")
    queue_table(database, filters)
    st.stop()
main, side = st.columns([3, 2], gap="large")
with main:
    show_claim(database, claim)
    verdict_form(database, filters, claim)
with side:
    similar_panel(database, claim)
    history_panel(database, claim)
queue_table(database, filters)
