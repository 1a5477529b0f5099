"""Streamlit helpers shared by app.py and the pages: the database per run, the cached model,
the reviewer's name and safe rendering of user text."""

from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st
from sqlite_utils import Database

import db.claims
import db.connection
from checks import config
from checks.embed import Embedder, load_embedder
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


def md(text: str) -> str:
    """Return user text safe in Streamlit Markdown (st.caption, st.error, ...): every ASCII
    punctuation mark backslash-escaped, so no LaTeX, emphasis, links or tags; one line."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


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


def quantity_value(quantity: dict) -> str:
    """Return a quantity's normalised value as a reader sees it: "178,000,000,000 EUR"."""
    value = quantity["value"]
    number = f"{value:,.6f}".rstrip("0").rstrip(".")
    if quantity.get("kind") == "year":
        number = f"{value:.0f}"
    unit = quantity.get("unit")
    out = f"{number} {unit}" if unit else number
    if quantity.get("per"):
        out += f" per {quantity['per']}"
    return out


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
    """Return a claim's quantities as table rows: text, normalised value, kind, qualifier."""
    return [
        {"quantity": q["text"], "value": quantity_value(q), "kind": q["kind"],
         "qualifier": q["qualifier"] or ""}
        for q in quantities
    ]  # fmt: skip


def match_facts(match: dict) -> str:
    """Return a similar claim's facts: level, similarity, its verdict and where it is from."""
    where = match["document_title"] or match["archive"] or "archive"
    level = "same claim" if match["level"] == "same" else "similar"
    verdict = label_name(match["verdict"])
    return f"{level} · similarity {match['similarity']:.2f} · {verdict} · {where}"


def verdict_facts(verdict: dict) -> str:
    """Return one line of a verdict's history: time, reviewer, label, confidence, time spent,
    and for an imported verdict the original rating."""
    facts = [verdict["created_at"].replace("T", " ")[:19], verdict["reviewer"],
             label_name(verdict["label"])]  # fmt: skip
    if verdict["confidence"] is not None:
        facts.append(f"confidence {verdict['confidence']:.2f}")
    if verdict["seconds_spent"] is not None:
        facts.append(f"{verdict['seconds_spent']:.0f} s")
    if verdict["origin"] != "review":
        facts.append(f"imported ({verdict['original_rating'] or 'no rating'})")
    return " · ".join(facts)


def claim_card(claim: dict, quantities: Sequence[dict], context: dict | None) -> None:
    """Render a claim: where it is from, highlighted in its paragraph (`context` is
    `db.claims.claim_context`), its score, kind, status, reasons and quantities."""
    st.subheader(f"Claim {claim['id']}")
    st.caption(md(claim_facts(claim)))
    st.markdown(claim_in_context(context, claim, quantities), unsafe_allow_html=True)
    score, kind = st.columns(2)
    score.metric("Score", f"{claim['score']:.2f}", help="Check-worthiness, 0 to 1")
    kind.metric("Kind", claim["kind"])
    st.caption(f"Status: {claim['status']} · version {claim['version']} (one up per verdict)")
    if claim["reasons"]:
        st.markdown("\n".join(f"- {md(reason)}" for reason in claim["reasons"]))
    if quantities:
        st.dataframe(quantity_rows(quantities), hide_index=True, width="stretch")


def verdict_history(history: Sequence[dict]) -> None:
    """Render a claim's verdicts, newest first: who, when, what and why."""
    if not history:
        st.caption("No verdict yet.")
    for verdict in history:
        with st.container(border=True):
            st.text(verdict_facts(verdict))
            for line in [verdict["rationale"], *verdict["sources"]]:
                if line:
                    st.text(line)


@st.cache_data(max_entries=256, show_spinner=False)
def _queue_count(path: str, marker: tuple[int, int], filters: tuple) -> int:
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
