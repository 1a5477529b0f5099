"""Dashboard page: counts by status, label and kind, progress per document, reviewer activity."""

import altair as alt
import pandas as pd
import streamlit as st

import db.dashboard
import ui
from checks.labels import DISPLAY_NAMES, LABELS

st.title("Dashboard")
database = ui.database()
progress = pd.DataFrame(db.dashboard.document_progress(database))
if progress.empty:
    st.info("No documents yet. Ingest one to see the desk's progress here.")
    st.stop()

statuses = pd.DataFrame(db.dashboard.status_counts(database))
labels = pd.DataFrame(db.dashboard.label_counts(database))
reviewers = pd.DataFrame(db.dashboard.reviewer_activity(database))
worthy = statuses[statuses.checkworthy == 1]
checked = int(worthy[worthy.status == "checked"].claims.sum())
total_worthy = int(worthy.claims.sum())
documents, claims, worthy_col, done_col = st.columns(4)
documents.metric("Documents", len(progress))
claims.metric("Claims", int(statuses.claims.sum()))
worthy_col.metric("Check-worthy", total_worthy)
done_col.metric(
    "Check-worthy with a verdict",
    f"{checked} ({checked / total_worthy:.0%})" if total_worthy else "0",
)

left, right = st.columns(2)
with left:
    st.subheader("Verdicts by label")
    if labels.empty:
        st.caption("No verdicts yet.")
    else:
        labels["label"] = labels.label.map(lambda label: DISPLAY_NAMES.get(label, label))
        order = [DISPLAY_NAMES[label] for label in LABELS]
        chart = (
            alt.Chart(labels)
            .mark_bar()
            .encode(
                x=alt.X("claims:Q", title="claims", axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y("label:N", sort=order, title=None),
                color=alt.Color("origin:N", title="from"),
                tooltip=["label", "origin", "claims"],
            )
        )
        st.altair_chart(chart, width="stretch")
with right:
    st.subheader("Claims by kind")
    kinds = pd.DataFrame(db.dashboard.kind_counts(database))
    kinds["open"] = kinds.claims - kinds.checked
    st.bar_chart(
        kinds,
        x="kind",
        y=["checked", "open"],
        x_label="claims",
        y_label="kind",
        horizontal=True,
        stack=True,
    )

st.subheader("Progress per document")
progress["progress"] = progress.checkworthy_checked / progress.checkworthy.where(
    progress.checkworthy > 0
)
st.dataframe(
    progress[["id", "title", "claims", "checkworthy", "checkworthy_checked", "progress"]],
    hide_index=True,
    width="stretch",
    column_config={
        "checkworthy": "check-worthy",
        "checkworthy_checked": "check-worthy checked",
        "progress": st.column_config.ProgressColumn("progress", format="percent"),
    },
)

st.subheader("Reviewer activity")
if reviewers.empty:
    st.caption("No reviews yet.")
else:
    left, right = st.columns(2)
    with left:
        st.dataframe(
            reviewers,
            hide_index=True,
            width="stretch",
            column_config={
                "median_seconds": st.column_config.NumberColumn(
                    "median seconds per verdict", format="%.0f"
                )
            },
        )
    with right:
        days = pd.DataFrame(db.dashboard.verdicts_per_day(database))
        st.bar_chart(days, x="day", y="verdicts", color="reviewer", stack=True)
