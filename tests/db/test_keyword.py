"""db/keyword.py: keyword candidates are ranked by BM25 on both backends (FTS5's bm25() on
SQLite, the same formula over the tsvector on PostgreSQL), so keyword and hybrid search rank
alike on either."""

from __future__ import annotations

import pytest

import db.connection
import db.keyword

TEXTS = [
    "The council voted to build a new tram line through the city centre",
    "Tram fares rose again this year, the council said",
    "The tram plan will cost the council more than the bus plan",
    "Unemployment fell to its lowest level in a decade",
    "Council tax went up while tram services were cut",
    "Tram tram tram: the word the mayor used most in his speech about trams",
    "Crime rose by ten percent in the north",
    "The hospital waiting list is the longest on record",
    "Exports to China doubled since 2010",
    "The minister said the new school opened on time",
    "Rents in the capital went up faster than wages",
    "Most voters never read the budget",
    "COVID-19 cases rose 2.5% in Zürich, didn't they? See https://example.org/covid-19",
    "The café's covid rules: 19 cases, not 2,500",
    "Tax cuts for us all, says the U.S. president",
    "The U.S. economy grew by 2% while ties with us frayed",
    "Crime rose by ten percent in the north",
]


def _fill(database) -> None:
    for number, text in enumerate(TEXTS, start=1):
        database.execute(
            'INSERT INTO claims (start, "end", text, kind, score, content_hash, created_at, '
            "archive, external_id) VALUES (0, 0, ?, 'other', 1, ?, 't', 'a', ?)",
            [text, f"h{number}", f"A{number}"],
        )


@pytest.fixture
def both(tmp_path, pg_url):
    """Return an SQLite and a PostgreSQL database holding the same claims."""
    lite = db.connection.open_database(tmp_path / "keyword.db")
    pg = db.connection.open_database(pg_url)
    for database in (lite, pg):
        _fill(database)
    yield lite, pg
    lite.close()
    pg.close()


@pytest.mark.parametrize(
    "terms",
    [
        ["unemployment", "tram"],
        ["tram", "council", "vote"],
        ["council"],
        ["fares", "bus"],
        ["covid", "19", "cases", "zurich"],
        ["cafe", "2", "500", "didn't"],
        ["us", "economy", "ties"],
        ["crime", "north"],
    ],
)
def test_bm25_ranks_alike_on_both_backends(both, terms):
    lite, pg = (db.keyword.keyword_candidates(d, terms, 10) for d in both)
    assert [i for i, _ in pg] == [i for i, _ in lite]
    # Words split, fold and stem alike in FTS5 (unicode61, porter) and in the tsvector
    # (claimdesk_words), stopwords kept, so the scores are the same to rounding.
    for (_, a), (_, b) in zip(lite, pg, strict=True):
        assert b == pytest.approx(a, rel=1e-9)


def test_rare_words_weigh_more(both):
    # BM25's inverse document frequency: the one claim with "unemployment" outranks the five
    # with "tram" (ts_rank, without it, put the tram-heavy claim first).
    for database in both:
        ranked = db.keyword.keyword_candidates(database, ["tram", "unemployment"], 10)
        assert ranked[0][0] == 4


def test_ties_go_by_id_and_a_filter_ranks_as_none_does(both):
    # Claims 7 and 17 say the same words: they tie, the older first, on both backends. SQLite
    # ranks unfiltered matches in FTS5 alone and filtered ones joined with the claims: a filter
    # that every claim passes (all are kind "other") gives the same candidates and scores.
    terms = ["crime", "north", "tram"]
    for database in both:
        plain = db.keyword.keyword_candidates(database, terms, 10)
        assert [i for i, _ in plain[:2]] == [7, 17] and plain[0][1] == plain[1][1]
        assert db.keyword.keyword_candidates(database, terms, 10, kind="other") == plain
        assert db.keyword.keyword_candidates(database, terms, 1, kind="other") == plain[:1]
        assert db.keyword.keyword_candidates(database, terms, 1) == plain[:1]
        assert db.keyword.keyword_candidates(database, terms, 10, kind="quote") == []


def test_words_many_claims_hold_make_no_candidate_alone(both, monkeypatch):
    # "tram" (5 claims) and "council" (4) are frequent here, "crime" (2) is not: once enough
    # claims hold a rarer word, only those are candidates, scored over every word, alike on
    # both backends; with fewer of them than asked for, every claim holding any word is one.
    monkeypatch.setattr(db.keyword, "COMMON_CLAIMS", 3)
    terms = ["tram", "council", "crime"]
    for limit in (2, 10):
        lite, pg = (db.keyword.keyword_candidates(d, terms, limit) for d in both)
        assert [i for i, _ in pg] == [i for i, _ in lite]
        for (_, a), (_, b) in zip(lite, pg, strict=True):
            assert b == pytest.approx(a, rel=1e-9)
        if limit == 2:
            assert [i for i, _ in lite] == [7, 17]
        else:
            assert {1, 2, 3, 5, 6, 7, 17} <= {i for i, _ in lite}
    monkeypatch.setattr(db.keyword, "COMMON_CLAIMS", 0)
    everything = db.keyword.keyword_candidates(both[0], terms, 2)
    assert [i for i, _ in everything] != [7, 17]  # the tram-and-council claims score higher
