"""Accounts page (editors): create reviewer and editor accounts, and disable them."""

import streamlit as st

import ui
from checks.errors import ClaimdeskError
from checks.workflows import desk

st.title("Accounts")
database = ui.database()
if st.session_state.get("accounts_flash"):
    st.success(ui.md(st.session_state.pop("accounts_flash")))
if desk.desk_is_open(database):
    st.info(
        "Open desk: nobody signs in. The first editor account you create turns on the sign-in "
        "for everyone; write its password down."
    )

with st.form("account_form", clear_on_submit=True):
    name_col, role_col = st.columns([3, 1])
    name = name_col.text_input("Name", key="account_name")
    role = role_col.selectbox("Role", desk.ROLES, key="account_role")
    password = st.text_input(
        f"Password (at least {desk.MIN_PASSWORD} characters)", type="password",
        key="account_password", autocomplete="new-password",
    )  # fmt: skip
    submitted = st.form_submit_button("Create account", type="primary")
if submitted:
    try:
        made = desk.add_user(database, name, role, password, actor=ui.acting())
    except ClaimdeskError as err:
        st.error(ui.md(str(err)))
    else:
        st.session_state.accounts_flash = f"Created {made['role']} {made['name']}."
        st.rerun()

accounts = desk.list_users(database)
st.subheader(f"Accounts ({len(accounts)})")
for row in accounts:
    left, right = st.columns([4, 1])
    state = "active" if row["active"] else "disabled"
    left.text(f"{row['name']} · {row['role']} · {state} · since {row['created_at'][:10]}")
    if row["active"] and right.button("Disable", key=f"disable-{row['name']}"):
        try:
            desk.disable_user(database, row["name"], actor=ui.acting())
        except ClaimdeskError as err:
            st.error(ui.md(str(err)))
        else:
            st.session_state.accounts_flash = f"Disabled {row['name']}."
            st.rerun()
