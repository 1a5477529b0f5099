"""Sign-in page: shown before anything else once the desk has an editor account."""

import streamlit as st

import ui
from checks.workflows import desk

st.title("Sign in to Claimdesk")
st.caption("This desk has accounts: sign in with the name and password an editor gave you.")
if st.session_state.get("signin_error"):
    st.error(st.session_state.signin_error)
with st.form("sign_in_form", clear_on_submit=True):
    name = st.text_input("Name", key="signin_name", autocomplete="username")
    password = st.text_input(
        "Password", type="password", key="signin_password", autocomplete="current-password"
    )
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    database = ui.database()
    try:
        with st.spinner("Checking…"):
            account = desk.sign_in(database, name, password)
        token = desk.session_token(database, account)
    except desk.SignInFailed as err:
        st.session_state.signin_error = str(err)
    else:
        ui.remember_account(account, token)
        st.session_state.signin_error = None
    finally:
        database.close()
    st.rerun()
