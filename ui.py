"""Streamlit helpers shared by app.py and the pages: the database per run, the cached model,
the reviewer's name and safe rendering of user text."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import streamlit as st
from sqlite_utils import Database

import db.claims
import db.connection
import db.demo
from checks import config, figures, validate
from checks.embed import Embedder, load_embedder
from checks.errors import ClaimdeskError
from checks.labels import DISPLAY_NAMES


def database() -> Database:
    """Open the database for this script run (sqlite3 objects stay in the thread that made
    them, so a connection is never cached across runs)."""
    return db.connection.open_database(config.db_path())


@st.cache_resource(show_spinner="Loading the embedding model…")
def _embedder(setting: str) -> Embedder:
    return load_embedder(setting)


def embedder() -> Embedder:
    """Return the process-wide embedder; the real model loads on its first use."""
    return _embedder(config.model_setting() or "")


def reviewer() -> str:
    """Return the reviewer's name from the sidebar ('' when not given yet)."""
    return st.session_state.get("reviewer", "").strip()


# One pass over the text: replacing character by character would escape the entities again.
_ENTITIES = {ord(char): f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]()#+-!|~$"}
_ENTITIES[ord("\n")] = "<br>"


def escape(text: str) -> str:
    """Return user text safe inside our own Markdown/HTML: no tags, no LaTeX, no emphasis."""
    return text.translate(_ENTITIES)


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Where GitHub-flavoured Markdown would autolink a bare address ("https://", "www.", "a@b.c")
# after parsing, escapes or not: an invisible word joiner there keeps it text.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md(text: str) -> str:
    """Return user text safe in Streamlit Markdown (st.caption, st.error, ...): every ASCII
    punctuation mark backslash-escaped, so no LaTeX, emphasis, links or tags, and a word joiner
    in every bare web or e-mail address, so no autolink; one line."""
    text = _AUTOLINK.sub(WORD_JOINER, " ".join(text.split()))
    return _PUNCTUATION.sub(r"\\\1", text)


CLAIM_STYLE = "background:#fff3b0;padding:0.1em 0;border-radius:3px"
QUANTITY_STYLE = "background:#ffc46b;font-weight:600;padding:0 0.15em;border-radius:3px"


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the (start, end) of the paragraph of `text` (blank-line separated) that holds
    `text[start:end]`; a span across a blank line takes in both paragraphs."""
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    finish = text.find("\n\n", end)
    finish = len(text) if finish < 0 else finish
    return begin, finish


def highlight(text: str, start: int, end: int, marks: Sequence[tuple[int, int]] = ()) -> str:
    """Return `text` as escaped HTML with `text[start:end]` in a <mark>, and the `marks`
    spans inside it (quantities) in a stronger <mark>; spans outside the claim are dropped."""
    inner = sorted((s, e) for s, e in marks if start <= s < e <= end)
    parts, pos = [], start
    for s, e in inner:
        if s < pos:  # overlapping spans: keep the first
            continue
        parts += [escape(text[pos:s]), f'<mark style="{QUANTITY_STYLE}">{escape(text[s:e])}</mark>']
        pos = e
    parts.append(escape(text[pos:end]))
    claim = f'<mark style="{CLAIM_STYLE}">{"".join(parts)}</mark>'
    return f"<div>{escape(text[:start])}{claim}{escape(text[end:])}</div>"


def claim_in_context(context: dict | None, claim: dict, quantities: Sequence[dict]) -> str:
    """Return the claim highlighted inside its paragraph as escaped HTML (`context` is
    `db.claims.claim_context`: a window of the document and where it starts)."""
    if context is None:
        return highlight(claim["text"], 0, len(claim["text"]))
    text, offset = context["text"], context["offset"]
    start, end = claim["start"] - offset, claim["end"] - offset
    begin, finish = paragraph_bounds(text, start, end)
    spans = [(q["start"] - offset - begin, q["end"] - offset - begin) for q in quantities]
    return highlight(text[begin:finish], start - begin, end - begin, spans)


def label_name(label: str | None, missing: str = "no verdict yet") -> str:
    """Return a verdict label's display name (`missing` for none)."""
    return DISPLAY_NAMES.get(label, label) if label else missing


def claim_facts(claim: dict) -> str:
    """Return where a claim comes from and who made it: "from Tram plan · claimant: Ana"."""
    where = claim.get("document_title") or (
        f"{claim.get('archive') or 'archive'} {claim.get('external_id') or ''}"
    )
    claimant = [f"claimant: {claim['claimant']}"] if claim.get("claimant") else []
    return " · ".join([f"from {where}", *claimant])


def quantity_rows(quantities: Sequence[dict]) -> list[dict]:
    """Return a claim's quantities as table rows: text, value for people (qualifier included:
    "about 1,800 businesses"), kind."""
    return [
        {"quantity": q["text"], "value": figures.quantity(q), "kind": q["kind"]}
        for q in quantities
    ]  # fmt: skip


def source_link(url: str) -> str | None:
    """Return a source as an HTML link when it is a valid web address (http or https), else
    None (the caller shows it as plain text); the address is escaped in both places."""
    try:
        address = validate.web_url(url)
    except ClaimdeskError:
        return None
    href = html.escape(address, quote=True)
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{escape(address)}</a>'


def match_facts(match: dict) -> str:
    """Return a similar claim's facts: level, similarity, its verdict and where it is from."""
    where = match["document_title"] or match["archive"] or "archive"
    level = "same claim" if match["level"] == "same" else "similar"
    verdict = label_name(match["verdict"])
    return f"{level} · similarity {figures.score(match['similarity'])} · {verdict} · {where}"


def verdict_facts(verdict: dict) -> str:
    """Return one line of a verdict's history: time, reviewer, label, confidence, time spent,
    and for an imported verdict the original rating."""
    facts = [verdict["created_at"].replace("T", " ")[:19], verdict["reviewer"],
             label_name(verdict["label"])]  # fmt: skip
    if verdict["confidence"] is not None:
        facts.append(f"confidence {verdict['confidence']:.2f}")
    if verdict["seconds_spent"] is not None:
        facts.append(f"{verdict['seconds_spent']:.0f} s")
    if verdict.get("round"):
        facts.append(f"round {verdict['round']}")
    if verdict["origin"] == "import":
        facts.append(f"imported ({verdict['original_rating'] or 'no rating'})")
    elif verdict["origin"] != "review":
        facts.append(verdict["origin"])
    return " · ".join(facts)


def claim_card(
    claim: dict, quantities: Sequence[dict], context: dict | None, blind: bool = False
) -> None:
    """Render a claim: where it is from, highlighted in its paragraph (`context` is
    `db.claims.claim_context`), its score, kind, status (not under a blind second review),
    reasons and quantities."""
    st.subheader(f"Claim {claim['id']}")
    st.caption(md(claim_facts(claim)))
    st.markdown(claim_in_context(context, claim, quantities), unsafe_allow_html=True)
    score, kind = st.columns(2)
    score.metric("Score", figures.score(claim["score"]), help="Check-worthiness, 0 to 1")
    kind.metric("Kind", claim["kind"])
    if blind:
        st.caption("Blind second review: the first verdict is hidden until you save yours.")
    else:
        st.caption(f"Status: {claim['status']} · version {claim['version']} (one up per verdict)")
    if claim["reasons"]:
        st.markdown("\n".join(f"- {md(reason)}" for reason in claim["reasons"]))
    if quantities:
        # An HTML table wraps a long value instead of cutting it (a grid cuts "EUR" off).
        st.table(quantity_rows(quantities), hide_index=True)


def verdict_history(history: Sequence[dict]) -> None:
    """Render a claim's verdicts, newest first: who, when, what and why."""
    if not history:
        st.caption("No verdict yet.")
    for verdict in history:
        with st.container(border=True):
            st.text(verdict_facts(verdict))
            if verdict["rationale"]:
                st.text(verdict["rationale"])
            for source in verdict["sources"]:
                link = source_link(source)
                if link is None:
                    st.text(source)
                else:
                    st.markdown(link, unsafe_allow_html=True)


@st.cache_data(max_entries=256, show_spinner=False)
def _queue_count(path: str, marker: tuple[int, int, int], filters: tuple) -> int:
    database = db.connection.open_database(path)
    try:
        return db.claims.count_claims_for_review(database, **dict(filters))
    finally:
        database.close()


def queue_count(database: Database, filters: dict) -> int:
    """Return how many claims the review queue holds with these filters, counted again only
    when a claim or a verdict has been added since (a count reads every claim row)."""
    marker = db.claims.queue_marker(database)
    return _queue_count(str(config.db_path()), marker, tuple(sorted(filters.items())))


# Identity: the signed-in account, or the free-text name on an open desk ---------------------

SESSION_COOKIE = "claimdesk_session"


def account():
    """Return the signed-in account (checks.workflows.desk.Account) of this session, or None."""
    return st.session_state.get("account")


def remember_account(signed_in, token: str) -> None:
    """Keep a signed-in account for this session, and its token for the browser's cookie."""
    st.session_state.account = signed_in
    st.session_state.reviewer = signed_in.name
    st.session_state.session_token = token
    st.session_state.signed_out = False


def forget_account() -> None:
    """Sign out: drop the account from this session and clear the browser's cookie."""
    st.session_state.account = None
    st.session_state.reviewer = ""
    st.session_state.session_token = None
    st.session_state.signed_out = True


def session_cookie() -> str | None:
    """Return the session token the browser sent when this session began, if any."""
    try:
        return st.context.cookies.get(SESSION_COOKIE)
    except (AttributeError, RuntimeError):  # AppTest has no browser request
        return None


def sync_cookie() -> None:
    """Write (or clear) the session cookie in the browser so a reload keeps the identity.

    Tokens hold only URL-safe base64, digits, hex and dots, so they are safe in the script.
    """
    token = st.session_state.get("session_token")
    if token:
        if session_cookie() == token:
            return
        value, age = token, 12 * 3600
    elif st.session_state.get("signed_out"):
        value, age = "", 0
    else:
        return
    script = (
        f"<script>document.cookie = '{SESSION_COOKIE}={value}; path=/; max-age={age}; "
        "SameSite=Strict';</script>"
    )
    st.html(script, unsafe_allow_javascript=True)


def acting():
    """Return who acts in this session: the signed-in account, or on an open desk the typed
    name without a role (the workflows check the role in the database either way)."""
    from checks.workflows.desk import Account

    return account() or Account(reviewer(), None)


def is_editor() -> bool:
    """Return whether to offer editor actions (the workflows refuse them to others anyway)."""
    return acting().is_editor


def _ask_remove_demo() -> None:
    st.session_state.demo_confirm = True


def _remove_demo() -> None:
    from checks.workflows.demo import remove_demo
    from checks.workflows.desk import NotAllowed

    database = db.connection.open_database(config.db_path())
    try:
        st.session_state.demo_removed = remove_demo(database, acting())
    except NotAllowed as error:
        st.session_state.demo_error = str(error)
    finally:
        database.close()
    st.session_state.demo_confirm = False


def demo_banner(database: Database) -> None:
    """While demo rows are present, say so on every page and offer to remove them (and
    nothing else); after a removal, say what went."""
    removed = st.session_state.pop("demo_removed", None)
    if removed:
        st.success(
            f"Removed the demo: {removed['documents']} documents, {removed['claims']} claims "
            f"and {removed['verdicts']} verdicts. Nothing else was touched.",
            icon=":material/check_circle:",
        )
    if error := st.session_state.pop("demo_error", None):
        st.error(md(error), icon=":material/block:")
    held = db.demo.counts(database)
    if not held["documents"]:
        return
    with st.container(border=True):
        st.warning(
            f"Demo data: {held['documents']} fictional articles about Lakeport with "
            f"{held['claims']} claims and {held['verdicts']} example verdicts. Reports and the "
            "dashboard leave them out; remove them when you start real work.",
            icon=":material/science:",
        )
        if not is_editor():
            return
        if not st.session_state.get("demo_confirm"):
            st.button("Remove the demo", key="demo_remove", on_click=_ask_remove_demo,
                      icon=":material/delete:")  # fmt: skip
            return
        st.error("Remove the demo articles, their claims and every verdict on them? Your own "
                 "documents and verdicts stay.")  # fmt: skip
        yes, no = st.columns(2)
        yes.button("Remove the demo now", type="primary", key="demo_remove_confirm",
                   on_click=_remove_demo)  # fmt: skip
        no.button("Keep the demo", key="demo_remove_cancel",
                  on_click=lambda: st.session_state.update(demo_confirm=False))  # fmt: skip
