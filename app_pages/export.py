"""Export page: verdict reports as CSV, ClaimReview JSON-LD and Markdown downloads."""

import streamlit as st

st.title("Export reports")
st.info("CSV, ClaimReview and Markdown reports arrive with the reports issue.")
