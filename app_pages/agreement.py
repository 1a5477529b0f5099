"""Agreement page: how far first and blind second reviews agree, the confusion table, and the
disagreements, which an editor settles here."""

import altair as alt
import pandas as pd
import streamlit as st

import ui
from checks.errors import ClaimdeskError
from checks.labels import DISPLAY_NAMES, LABELS
from checks.workflows import rounds


def figure(value: float | None, percent: bool = False) -> str:
    """Return a figure for a metric: 'n/a' where it is undefined."""
    if value is None:
        return "n/a"
    return f"{value:.0%}" if percent else f"{value:.3f}"


def confusion_chart(confusion: dict) -> alt.Chart:
    """Return a heat-map of the confusion table: round-1 labels down, round-2 labels across."""
    used = [label for label in confusion if sum(confusion[label].values()) or any(
        confusion[row][label] for row in confusion)]  # fmt: skip
    cells = pd.DataFrame(
        [{"first round": DISPLAY_NAMES.get(a, a), "second round": DISPLAY_NAMES.get(b, b),
          "claims": confusion[a][b]} for a in used for b in used]
    )  # fmt: skip
    order = [DISPLAY_NAMES.get(label, label) for label in used]
    base = alt.Chart(cells).encode(
        x=alt.X("second round:N", sort=order), y=alt.Y("first round:N", sort=order)
    )
    heat = base.mark_rect().encode(
        color=alt.Color("claims:Q", scale=alt.Scale(scheme="blues")),
        tooltip=["first round", "second round", "claims"],
    )
    return heat + base.mark_text().encode(text="claims:Q")


def settle_form(database, row: dict) -> None:
    """Let an editor record the verdict that settles a disagreement."""
    cid = row["claim_id"]
    with st.form(f"settle-{cid}"):
        label = st.radio("Settled verdict", LABELS, index=None, format_func=DISPLAY_NAMES.get,
                         horizontal=True, key=f"settle-label-{cid}")  # fmt: skip
        rationale = st.text_area("Why", key=f"settle-rationale-{cid}", height=70)
        if not st.form_submit_button("Settle", type="primary"):
            return
    if label is None:
        st.error("Choose the settled verdict.")
        return
    try:
        rounds.resolve(database, cid, label, actor=ui.acting(), rationale=rationale.strip())
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
        return
    st.session_state.agreement_flash = f"Settled claim {cid} as {DISPLAY_NAMES[label]}."
    st.rerun()


def show_disagreement(row: dict) -> None:
    """Show both rounds' verdicts of one claim side by side."""
    st.text(row["text"])
    for column, side in zip(st.columns(2), ("first", "second"), strict=True):
        with column:
            label = DISPLAY_NAMES.get(row[f"{side}_label"], row[f"{side}_label"])
            st.text(f"Round {1 if side == 'first' else 2}: {label} · {row[f'{side}_reviewer']}")
            if row[f"{side}_rationale"]:
                st.text(row[f"{side}_rationale"])
            for source in row[f"{side}_sources"]:
                st.text(source)


st.title("Agreement between reviewers")
database = ui.database()
if st.session_state.get("agreement_flash"):
    st.success(ui.md(st.session_state.pop("agreement_flash")))
figures = rounds.agreement_figures(database)
if not figures["pairs"]:
    st.info("No claim has both a first and a blind second review yet.")
    st.stop()
pairs, observed, kappa, alpha = st.columns(4)
pairs.metric("Double-reviewed claims", figures["pairs"])
observed.metric("Observed agreement", figure(figures["observed"], percent=True))
kappa.metric("Cohen's kappa", figure(figures["kappa"]), help="n/a where only one label occurs")
alpha.metric("Krippendorff's alpha", figure(figures["alpha"]), help="nominal labels")

left, right = st.columns([3, 2])
with left:
    st.subheader("Confusion table")
    st.altair_chart(confusion_chart(figures["confusion"]), width="stretch")
with right:
    st.subheader("By reviewer pair")
    st.dataframe(
        [{"reviewers": " & ".join(p["reviewers"]), "claims": p["pairs"],
          "agreement": p["observed"], "kappa": p["kappa"]} for p in figures["by_pair"]],
        hide_index=True, width="stretch",
    )  # fmt: skip

rows = rounds.disagreements(database)
st.subheader(f"Disagreements to settle ({len(rows)})")
if not rows:
    st.caption("Every disagreement is settled.")
is_editor = ui.is_editor()
for row in rows:
    with st.container(border=True):
        st.caption(f"Claim {row['claim_id']}")
        show_disagreement(row)
        if is_editor:
            settle_form(database, row)
