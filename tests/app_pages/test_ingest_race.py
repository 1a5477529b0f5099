"""Issue 17 item 12, the app side: two sessions ingest the same text at the same moment. The
loser of the race says the document is already in the archive; nobody sees a traceback, and
the database holds the document once. The races are made deterministic at the ingest fault
points (DESIGN §7), on both backends."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from streamlit.runtime import Runtime
from streamlit.testing.v1 import AppTest

import db.connection
from checks import config
from checks.embed import FakeEmbedder
from checks.workflows.ingest import ingest_text
from tests.app_pages.conftest import APP, ARTICLE, errors, plain


@pytest.fixture(params=["sqlite", "postgres"])
def db_target(request, tmp_path, monkeypatch) -> str:
    """A fresh database on each backend in turn, as $CLAIMDESK_DB of the app under test."""
    target = str(tmp_path / "claimdesk.db")
    if request.param == "postgres":
        target = request.getfixturevalue("pg_url")
    monkeypatch.setenv("CLAIMDESK_DB", target)
    monkeypatch.setenv("CLAIMDESK_MODEL", "fake")
    return target


def session_ready() -> AppTest:
    """Return an app session on the Ingest page with the article pasted, not yet submitted."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("app_pages/ingest.py").run()
    app.text_area(key="ingest_text").input(ARTICLE)
    app.text_input(key="ingest_title").input("Tram budget")
    return app


def submit(app: AppTest) -> AppTest:
    next(b for b in app.button if b.label == "Ingest").click().run()
    return app


def shown(app: AppTest) -> str:
    """Everything the session shows as text (messages, captions, plain text), one string."""
    parts = [e.value for e in (*app.error, *app.exception, *app.markdown, *app.caption)]
    parts += [str(e.value) for e in app.text]
    return plain(" ".join(parts))


def assert_no_traceback(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    text = shown(app)
    for leak in ("Traceback", "IntegrityError", "UniqueViolation", "UNIQUE constraint", ".py"):
        assert leak not in text, text


def documents(target: str) -> int:
    database = db.connection.open_database(target)
    try:
        return next(database.query("SELECT count(*) AS n FROM documents"))["n"]
    finally:
        database.close()


def test_other_session_commits_between_the_check_and_the_insert(db_target, monkeypatch):
    """Session A finds no such document, then, before it writes (its "embed" fault point),
    session B ingests the same text whole; A then tries to add it."""
    first, second = session_ready(), session_ready()
    original = config.fault
    raced = []

    def fault(stage: str) -> None:
        if stage == "embed" and not raced:
            raced.append(stage)
            # B runs whole while A waits here; AppTest keeps the runtime in a global, which B's
            # run replaces and clears: A gets its own back before it goes on.
            runtime = Runtime._instance
            other = threading.Thread(target=submit, args=(second,))
            other.start()
            other.join()
            Runtime._instance = runtime
        original(stage)

    monkeypatch.setattr(config, "fault", fault)
    submit(first)
    assert raced, "the race never happened: the fault point moved"
    assert_no_traceback(second)
    assert "(added)" in shown(second)
    assert_no_traceback(first)
    assert "already in the archive as document" in shown(first), shown(first)
    assert not errors(first)
    assert documents(db_target) == 1


def waiting_sessions(url: str) -> int:
    """Return how many server sessions of this database wait for a lock."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE NOT l.granted AND a.datname = current_database()"
        ).fetchone()[0]


def test_both_sessions_inside_their_write_transactions(pg_url, monkeypatch):
    """Another session has added the document but not committed (its "write" fault point)
    when the app session checks again inside its own write transaction: the app session must
    wait for that commit and then find the document, not fail on the unique key. PostgreSQL
    only: it locks rows, where SQLite's write lock orders the two at BEGIN."""
    db_target = pg_url
    monkeypatch.setenv("CLAIMDESK_DB", db_target)
    monkeypatch.setenv("CLAIMDESK_MODEL", "fake")
    original = config.fault
    inside, results = threading.Event(), []

    def fault(stage: str) -> None:
        if stage == "write" and threading.current_thread().name == "other-session":
            inside.set()  # added, not committed: hold the transaction until the app waits
            deadline = time.monotonic() + 30
            while not waiting_sessions(db_target) and time.monotonic() < deadline:
                time.sleep(0.05)
        original(stage)

    def other_session() -> None:
        database = db.connection.open_database(db_target)
        try:
            results.append(ingest_text(database, ARTICLE, FakeEmbedder(), name="Tram budget"))
        finally:
            database.close()

    app = session_ready()
    monkeypatch.setattr(config, "fault", fault)
    other = threading.Thread(target=other_session, name="other-session")
    other.start()
    assert inside.wait(60), "the other session never reached its write"
    submit(app)
    other.join(60)
    assert results and results[0].added
    assert_no_traceback(app)
    assert "already in the archive as document" in shown(app), shown(app)
    assert documents(db_target) == 1
