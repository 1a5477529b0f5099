"""Export page: verdict reports as CSV, ClaimReview JSON-LD and Markdown downloads."""

import streamlit as st

import db.demo
import db.documents
import db.exports
import ui
from checks import config, export
from checks.errors import ClaimdeskError
from checks.labels import DISPLAY_NAMES, LABELS
from checks.workflows import desk
from checks.workflows.reports import export_count, export_report, export_rows

PREVIEW_ROWS = 20
FORMAT_NAMES = {"csv": "CSV", "claimreview": "ClaimReview JSON-LD", "markdown": "Markdown"}

st.title("Export reports")
database = ui.database()
documents = {d["id"]: f"{d['title']} (#{d['id']})" for d in db.documents.list_documents(database)}

left, right = st.columns(2)
document_ids = left.multiselect(
    "Documents", list(documents), format_func=documents.get, key="export_documents",
    placeholder="All documents",
)  # fmt: skip
labels = right.multiselect(
    "Verdicts", LABELS, format_func=DISPLAY_NAMES.get, key="export_labels",
    placeholder="All verdicts",
)  # fmt: skip
reviewers = left.multiselect(
    "Reviewers", db.exports.export_reviewers(database), key="export_reviewers",
    placeholder="All reviewers",
)  # fmt: skip
dates = right.date_input("Reviewed between", value=(), key="export_dates", format="YYYY-MM-DD")
scope = st.radio(
    "Claims", ["Only reviewed claims", "All claims"], horizontal=True, key="export_scope"
)
bom = st.checkbox("Start the CSV with a byte-order mark (for Excel)", key="export_bom")
demo = db.demo.counts(database)["documents"] > 0 and st.checkbox(
    "Include the demo claims", key="export_demo",
    help="The demo articles and their example verdicts are left out of reports unless ticked.",
)  # fmt: skip

filters = {
    "document_id": document_ids,
    "label": labels,
    "reviewer": reviewers,
    "since": dates[0] if len(dates) > 0 else None,
    "until": dates[1] if len(dates) > 1 else None,
    "include_all": scope == "All claims",
    "hidden": desk.blind_claims(database, ui.reviewer()),  # blind second reviews stay blind
    "include_demo": demo,
}


def build_report(fmt: str) -> bytes:
    """Build one report when its button is clicked (Streamlit runs this on its own thread)."""
    connection = ui.database()
    try:
        return export_report(connection, fmt, bom=bom, **filters)
    finally:
        connection.close()


try:
    total = export_count(database, **filters)
    preview = export_rows(database, limit=PREVIEW_ROWS, **filters)
except ClaimdeskError as err:
    st.error(ui.md(str(err)))
    st.stop()

warning = config.review_address_warning()
if warning:
    st.warning(ui.md(warning) + ".", icon=":material/public_off:")

if preview:
    st.caption(f"Matching claims: {total}. Preview of the first {len(preview)}:")
    st.dataframe(export.csv_frame(preview), hide_index=True, key="export_preview")
else:
    st.info("No claims match these filters.")

for column, fmt in zip(st.columns(len(export.FORMATS)), export.FORMATS, strict=True):
    column.download_button(
        f"Download {FORMAT_NAMES[fmt]}",
        data=lambda fmt=fmt: build_report(fmt),
        file_name=export.FILE_NAMES[fmt],
        mime=export.MIME_TYPES[fmt],
        on_click="ignore",
        key=f"export_{fmt}",
        disabled=not total,
    )
database.close()
