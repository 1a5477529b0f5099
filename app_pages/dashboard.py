"""Dashboard page: counts by status, label and kind, progress per document, reviewer activity."""

import altair as alt
import pandas as pd
import streamlit as st

import db.dashboard
import db.demo
import ui
from checks.labels import DISPLAY_NAMES, LABELS
from checks.workflows import rounds

st.title("Dashboard")
database = ui.database()
include = db.demo.counts(database)["documents"] > 0 and st.toggle(
    "Include the demo", key="dashboard_demo", help="The demo articles are left out unless on."
)
progress = pd.DataFrame(db.dashboard.document_progress(database, include))
if progress.empty:
    st.info("No documents yet (besides the demo). Ingest one to see the desk's progress here.")
    st.stop()

statuses = pd.DataFrame(db.dashboard.status_counts(database, include))
labels = pd.DataFrame(db.dashboard.label_counts(database, include))
reviewers = pd.DataFrame(
    rounds.reviewer_figures(database, db.dashboard.reviewer_activity(database, include))
)
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
    kinds = pd.DataFrame(db.dashboard.kind_counts(database, include))
    kinds["open"] = kinds.claims - kinds.checked
    stacked = kinds.melt(id_vars="kind", value_vars=["checked", "open"], var_name="status",
                         value_name="count")  # fmt: skip
    chart = (
        alt.Chart(stacked)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="claims", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("kind:N", sort=list(kinds.kind), title="kind"),
            color=alt.Color("status:N", title="status"),
            tooltip=["kind", "status", "count"],
        )
    )
    st.altair_chart(chart, width="stretch")

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
    reviewers["latest"] = pd.to_datetime(reviewers.latest, utc=True, format="ISO8601").dt.date
    with left:
        st.dataframe(
            reviewers,
            hide_index=True,
            width="stretch",
            column_config={
                "median_seconds": st.column_config.NumberColumn(
                    "median seconds per verdict", format="%.0f"
                ),
                "agreement": st.column_config.NumberColumn(
                    "agreement with others",
                    format="percent",
                    help="Share of their double-reviewed claims where both rounds agree",
                ),
                "overturned": st.column_config.NumberColumn(
                    "overturned in resolution",
                    format="percent",
                    help="Share of their verdicts on settled claims that the editor changed",
                ),
                "latest": st.column_config.DateColumn("latest verdict", format="YYYY-MM-DD"),
            },
        )
    with right:
        days = pd.DataFrame(db.dashboard.verdicts_per_day(database, include))
        chart = (
            alt.Chart(days)
            .mark_bar()
            .encode(
                x=alt.X("day:T", title="day", timeUnit="yearmonthdate",
                        axis=alt.Axis(format="%Y-%m-%d", labelAngle=-45)),
                y=alt.Y("verdicts:Q", title="verdicts", axis=alt.Axis(tickMinStep=1, format="d")),
                color=alt.Color("reviewer:N", title="reviewer"),
                tooltip=["day", "reviewer", "verdicts"],
            )
        )  # fmt: skip
        st.altair_chart(chart, width="stretch")
