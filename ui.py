"""Streamlit helpers shared by app.py and the pages: the database per run, the cached model,
the reviewer's name and safe rendering of user text."""

from __future__ import annotations

import html

import streamlit as st
from sqlite_utils import Database

from checks import config
from checks.embed import Embedder, load_embedder
from db import store


def database() -> Database:
    """Open the database for this script run (sqlite3 objects stay in the thread that made
    them, so a connection is never cached across runs)."""
    return store.open_database(config.db_path())


@st.cache_resource(show_spinner="Loading the embedding model…")
def _embedder(setting: str) -> Embedder:
    return load_embedder(setting)


def embedder() -> Embedder:
    """Return the process-wide embedder; the real model loads on its first use."""
    return _embedder(config.model_setting() or "")


def reviewer() -> str:
    """Return the reviewer's name from the sidebar ('' when not given yet)."""
    return st.session_state.get("reviewer", "").strip()


def escape(text: str) -> str:
    """Return user text safe inside our own Markdown/HTML: no tags, no LaTeX, no emphasis."""
    out = html.escape(text, quote=True)
    for char in "\\`*_{}[]()#+-!|~>$":
        out = out.replace(char, f"&#{ord(char)};")
    return out.replace("\n", "<br>")
