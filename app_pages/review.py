"""Review page: the queue, the current claim in its paragraph, the verdict form, similar claims
and the verdict history."""

import time

import streamlit as st

import db.claims
import db.documents
import db.matches
import db.verdicts
import ui
from checks.claim_kinds import KINDS
from checks.errors import ClaimdeskError, StaleClaim, UnknownClaim
from checks.labels import DISPLAY_NAMES, LABELS
from checks.workflows.verdicts import apply_verdict_to_matches, record_verdict

PAGE_SIZE = 50
ANY = "any"
state = st.session_state
for _key, _default in {
    "review_current": None,  # the open claim's id
    "review_version": None,  # its version when this reviewer opened it
    "review_opened_at": 0.0,
    "review_trail": [],  # claims opened before, for Back
    "review_skipped": {},  # reviewer -> claim ids, in skip order
    "review_pages": [],  # keyset page starts of the queue table
    "review_filter_sig": None,
    "review_link_seen": None,
    "review_open_request": None,
    "review_flash": None,
    "review_stale": None,
    "review_bulk": None,
}.items():
    state.setdefault(_key, _default)


def request_open(claim_id: int) -> None:
    """Ask the next run to open a claim (callbacks run before the script, without a database)."""
    state.review_open_request = claim_id


def open_claim(database, claim_id: int, *, remember: bool = True) -> None:
    """Make `claim_id` the open claim, noting its version and the time it was opened."""
    claim = db.claims.get_claim(database, claim_id)
    current = state.review_current
    if remember and current is not None and current != claim_id:
        state.review_trail = [*state.review_trail, current][-100:]
    state.review_current = claim_id
    state.review_version = claim["version"]
    state.review_opened_at = time.monotonic()
    state.review_stale = None
    state.review_bulk = None
    state.review_link_seen = str(claim_id)
    st.query_params["claim"] = str(claim_id)


def read_filters(database) -> dict:
    """Draw the queue filters in the sidebar; return them as `db.claims.review_queue` filters."""
    if state.get("review_document_request") is not None:
        state.f_document = state.pop("review_document_request")
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
        )
        status = st.selectbox("Status", ["new", "checked", "all"], key="f_status")
        kind = st.selectbox("Kind", [ANY, *KINDS], key="f_kind")
        min_score = st.slider("Minimum score", 0.0, 1.0, 0.0, 0.05, key="f_min_score")
        checkworthy = st.toggle("Check-worthy only", value=True, key="f_checkworthy")
        quantities = st.selectbox("Quantities", [ANY, "with", "without"], key="f_quantities")
        matches = st.selectbox("Similar claims", [ANY, "with", "without"], key="f_matches")
    tristate = {ANY: None, "with": True, "without": False}
    return {
        "document_id": document,
        "status": None if status == "all" else status,
        "kind": None if kind == ANY else kind,
        "min_score": min_score or None,
        "checkworthy_only": checkworthy,
        "has_quantities": tristate[quantities],
        "has_matches": tristate[matches],
    }


def skipped() -> list[int]:
    """Return this reviewer's skipped claims in this session, oldest skip first."""
    return state.review_skipped.get(ui.reviewer(), [])


def next_claim(database, filters: dict, current: dict | None) -> int | None:
    """Return the claim after `current` in this reviewer's queue: unskipped claims in queue
    order (wrapping round), then the skipped ones in the order they were skipped."""
    skips = skipped()
    exclude = [*skips] if current is None else [*skips, current["id"]]
    if current is not None and current["id"] not in skips:
        after = db.claims.queue_key(current)
        rows = db.claims.review_queue(database, after=after, exclude=exclude, limit=1, **filters)
        if rows:
            return rows[0]["id"]
    rows = db.claims.review_queue(database, exclude=exclude, limit=1, **filters)
    if rows:
        return rows[0]["id"]
    order = list(skips)
    if current is not None and current["id"] in order:
        cut = order.index(current["id"])
        order = order[cut + 1 :] + order[:cut]
    alive = {
        r["id"] for r in db.claims.review_queue(database, only=order, limit=len(order), **filters)
    }
    return next((i for i in order if i in alive), None)


def settle_current(database, filters: dict) -> dict | None:
    """Apply open requests, deep links and filter changes; return the open claim or None."""
    signature = tuple(sorted(filters.items()))
    if state.review_filter_sig not in (None, signature):
        state.review_current, state.review_pages = None, []
    state.review_filter_sig = signature
    link = st.query_params.get("claim")
    request = state.review_open_request
    state.review_open_request = None
    if request is None and link and link != state.review_link_seen:
        request = link
        state.review_link_seen = link
    if request is not None:
        try:
            open_claim(database, int(request))
        except (ValueError, UnknownClaim):
            st.error(f"Claim {ui.md(str(request))}: no such claim.")
    if state.review_current is None:
        first = next_claim(database, filters, None)
        if first is None:
            return None
        open_claim(database, first, remember=False)
    try:
        return db.claims.get_claim(database, state.review_current)
    except UnknownClaim:
        state.review_current = None
        return None


def go_next(database, filters: dict, claim: dict) -> None:
    """Open the claim after `claim`; with none left, close the claim."""
    following = next_claim(database, filters, claim)
    if following is None or following == claim["id"]:
        state.review_trail = [*state.review_trail, claim["id"]][-100:]
        state.review_current = None
        state.review_link_seen = None
        st.query_params.pop("claim", None)
    else:
        open_claim(database, following)


def show_claim(database, claim: dict) -> None:
    """Render the claim highlighted in its paragraph, with score, kind, reasons, quantities."""
    st.subheader(f"Claim {claim['id']}")
    where = claim.get("document_title") or (
        f"{claim.get('archive') or 'archive'} {claim.get('external_id') or ''}"
    )
    meta = [f"from {where}"] + ([f"claimant: {claim['claimant']}"] if claim["claimant"] else [])
    st.caption(ui.md(" · ".join(meta)))
    quantities = db.claims.claim_quantities(database, claim["id"])
    context = db.claims.claim_context(database, claim["id"])
    st.markdown(ui.claim_in_context(context, claim, quantities), unsafe_allow_html=True)
    score, kind = st.columns(2)
    score.metric("Score", f"{claim['score']:.2f}", help="Check-worthiness, 0 to 1")
    kind.metric("Kind", claim["kind"])
    st.caption(f"Status: {claim['status']} · version {claim['version']} (one up per verdict)")
    if claim["reasons"]:
        st.markdown("\n".join(f"- {ui.md(reason)}" for reason in claim["reasons"]))
    if quantities:
        rows = [
            {"quantity": q["text"], "value": ui.quantity_value(q), "kind": q["kind"],
             "qualifier": q["qualifier"] or ""}
            for q in quantities
        ]  # fmt: skip
        st.dataframe(rows, hide_index=True, width="stretch")


def show_stale(stale: dict | None) -> None:
    """Say that the save was refused, and show the verdict that got in first."""
    st.error(
        "Not saved: another reviewer gave this claim a verdict after you opened it. "
        "Their verdict is below; your text is still in the form."
    )
    if stale:
        label = DISPLAY_NAMES.get(stale["label"], stale["label"])
        st.text(f"{stale['reviewer']} · {label} · {stale['created_at']}")
        if stale["rationale"]:
            st.text(stale["rationale"])
    if st.button("Keep my text and review their version", key="review_reload"):
        state.review_version = None  # re-read below
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
    sources = [line.strip() for line in values["sources"].splitlines() if line.strip()]
    try:
        record_verdict(
            database,
            claim["id"],
            values["label"],
            reviewer=ui.reviewer(),
            rationale=values["rationale"].strip(),
            sources=sources,
            confidence=values["confidence"],
            seconds_spent=round(time.monotonic() - state.review_opened_at, 1),
            expected_version=state.review_version,
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
        rationale = st.text_area("Rationale", key=f"rationale-{cid}", height=100)
        sources = st.text_area("Source URLs, one per line", key=f"sources-{cid}", height=70)
        confidence = st.slider("Confidence", 0.0, 1.0, 0.8, 0.05, key=f"confidence-{cid}")
        left, middle, right = st.columns(3)
        saved = left.form_submit_button(
            "Save and next", type="primary", width="stretch", shortcut="Ctrl+Enter"
        )
        skip = middle.form_submit_button("Skip", width="stretch", shortcut="Alt+N")
        back = right.form_submit_button(
            "Back", width="stretch", disabled=not state.review_trail, shortcut="Alt+B"
        )
    with messages:
        if saved:
            values = {"label": label, "rationale": rationale, "sources": sources,
                      "confidence": confidence}  # fmt: skip
            if save(database, claim, values):
                state.review_flash = f"Saved your verdict on claim {cid}."
                skips = skipped()
                if cid in skips:
                    skips.remove(cid)
                go_next(database, filters, db.claims.get_claim(database, cid))
                st.rerun()
        if state.review_stale is not None:
            show_stale(state.review_stale["verdict"])
    if skip:
        skips = [i for i in skipped() if i != cid] + [cid]
        state.review_skipped = {**state.review_skipped, ui.reviewer(): skips}
        go_next(database, filters, claim)
        st.rerun()
    if back and state.review_trail:
        *rest, previous = state.review_trail
        state.review_trail = rest
        open_claim(database, previous, remember=False)
        st.rerun()


def similar_panel(database, claim: dict) -> None:
    """List the claims matched with this one; open one with a click; bulk-apply a verdict."""
    cid = claim["id"]
    matches = db.matches.claim_matches(database, cid)
    st.subheader(f"Similar claims ({len(matches)})")
    if not matches:
        st.caption("No similar claims in the archive.")
        return
    candidates = []
    for match in matches:
        mid = match["claim_id"]
        with st.container(border=True):
            st.text(match["text"])
            where = match["document_title"] or match["archive"] or "archive"
            verdict = DISPLAY_NAMES.get(match["verdict"], "no verdict yet")
            level = "same claim" if match["level"] == "same" else "similar"
            facts = f"{level} · similarity {match['similarity']:.2f} · {verdict} · {where}"
            st.caption(ui.md(facts))
            if match["numbers"] == "differ":
                st.warning("Numbers differ: do not reuse this verdict as it is.", icon="⚠️")
            st.button("Open", key=f"open-{cid}-{mid}", on_click=request_open, args=(mid,))
            if match["level"] == "same" and match["verdict"] is None:
                candidates.append(mid)
                st.checkbox("Select for the bulk verdict", key=f"bulk-{cid}-{mid}")
    if candidates:
        bulk_action(database, claim, candidates)


def bulk_action(database, claim: dict, candidates: list[int]) -> None:
    """Apply this claim's current verdict to the selected same-claim matches, once confirmed."""
    cid = claim["id"]
    chosen = [mid for mid in candidates if state.get(f"bulk-{cid}-{mid}")]
    current = db.verdicts.current_verdict(database, cid)
    if current is None:
        st.caption("Save a verdict on this claim to apply it to the same claims without one.")
        return
    label = DISPLAY_NAMES.get(current["label"], current["label"])
    if st.button(f"Apply “{label}” to {len(chosen)} selected", disabled=not chosen,
                 key=f"bulk-apply-{cid}"):  # fmt: skip
        state.review_bulk = {"claim": cid, "ids": chosen}
    pending = state.review_bulk
    if not pending or pending["claim"] != cid:
        return
    st.warning(f"Give {len(pending['ids'])} claims the verdict “{label}” under your name?")
    yes, no = st.columns(2)
    if yes.button("Confirm", type="primary", key=f"bulk-confirm-{cid}"):
        try:
            done = apply_verdict_to_matches(database, cid, pending["ids"], reviewer=ui.reviewer())
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
    history = db.verdicts.verdict_history(database, claim["id"])
    st.subheader(f"Verdict history ({len(history)})")
    if not history:
        st.caption("No verdict yet.")
        return
    for verdict in history:
        with st.container(border=True):
            facts = [verdict["created_at"].replace("T", " ")[:19], verdict["reviewer"],
                     DISPLAY_NAMES.get(verdict["label"], verdict["label"])]  # fmt: skip
            if verdict["confidence"] is not None:
                facts.append(f"confidence {verdict['confidence']:.2f}")
            if verdict["seconds_spent"] is not None:
                facts.append(f"{verdict['seconds_spent']:.0f} s")
            if verdict["origin"] != "review":
                facts.append(f"imported ({verdict['original_rating'] or 'no rating'})")
            st.text(" · ".join(facts))
            if verdict["rationale"]:
                st.text(verdict["rationale"])
            for source in verdict["sources"]:
                st.text(source)


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
    skips = set(skipped())
    state.review_table_ids = [r["id"] for r in rows]
    table = [
        {"id": r["id"], "score": round(r["score"], 2), "kind": r["kind"], "claim": r["text"],
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
filters = read_filters(database)
total = ui.queue_count(database, filters)
claim = settle_current(database, filters)
if state.review_version is None and claim is not None:
    state.review_version = claim["version"]
st.caption(f"{total} claims in this queue · ordered by check-worthiness")
if state.review_flash:
    st.success(state.review_flash)
    state.review_flash = None
if not ui.reviewer():
    st.info("Enter your name in the sidebar: it is recorded with every verdict you save.")
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
