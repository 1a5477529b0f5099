"""Reading and validating archive files: CSV, TSV, JSONL, ClaimReview, our own exports."""

import json

import pytest

from checks.archive import Columns, detect_format, parse_archive, read_archive
from checks.errors import EmptyDocument, MalformedArchive, UnreadableDocument

CSV = 'id,claim,rating\nA1,"Taxes rose by 5 percent, he said.",Mostly True\nA2,Crime fell.,\n'


def test_csv_guesses_columns():
    rows = parse_archive(CSV, "a.csv")
    assert [r.external_id for r in rows] == ["A1", "A2"]
    assert rows[0].text == "Taxes rose by 5 percent, he said."
    assert (rows[0].rating, rows[0].label) == ("Mostly True", "mostly-true")
    assert rows[1].rating is None and rows[1].label is None


def test_tsv_with_nameless_first_column_is_the_id():
    text = '\tvclaim\ttitle\n0\tA claim about taxes.\tTaxes\n1\t"Split\nover lines."\tT\n'
    rows = parse_archive(text, "claims.docs.tsv")
    assert [(r.external_id, r.text) for r in rows] == [
        ("0", "A claim about taxes."),
        ("1", "Split\nover lines."),
    ]


def test_named_columns():
    text = "ref;x\n"  # one column: a CSV with another delimiter is one field per line
    with pytest.raises(MalformedArchive, match="--text-column 'body'"):
        parse_archive(text, "a.csv", columns=Columns(text="body"))
    rows = parse_archive(
        "ref,body,r\n7,Some text here.,False\n", "a.csv", columns=Columns("body", "ref", "r")
    )
    assert (rows[0].external_id, rows[0].label) == ("7", "false")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("id,claim\n1,ok\n2,too,many\n", "line 3: 3 fields", id="ragged-row"),
        pytest.param('id,claim\n1,"open quote\n', "line 2", id="unclosed-quote"),
        pytest.param("id,title\n1,no text column\n", "no claim text column", id="no-text-column"),
        pytest.param("id,claim\n", "no claims found", id="header-only"),
    ],
)
def test_malformed_csv(text, message):
    with pytest.raises(MalformedArchive, match=message) as err:
        parse_archive(text, "bad.csv")
    assert "bad.csv" in str(err.value)


def test_jsonl_and_its_errors():
    good = '{"id": 1, "claim": "A claim here.", "verdict": "False"}\n\n{"id": 2, "claim": "B."}\n'
    rows = parse_archive(good, "a.jsonl")
    assert [(r.external_id, r.label, r.line) for r in rows] == [("1", "false", 1), ("2", None, 3)]
    with pytest.raises(MalformedArchive, match="line 2, column 2"):
        parse_archive('{"claim": "x"}\n{oops}\n', "a.jsonl")


REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/r/1",
    "claimReviewed": "The bridge cost €40 million.",
    "datePublished": "2025-05-01",
    "author": {"@type": "Organization", "name": "Desk"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Mayor"}},
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "alternateName": "Mostly false",
    },
}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(REVIEW, id="single"),
        pytest.param([REVIEW], id="list"),
        pytest.param({"@graph": [{"@type": "WebPage"}, REVIEW]}, id="graph"),
    ],
)
def test_claimreview_shapes(data):
    (row,) = parse_archive(json.dumps(data), "page.json")
    assert row.text == "The bridge cost €40 million."
    assert row.external_id == row.review_url == "https://checks.example/r/1"
    assert (row.label, row.rating, row.claimant) == ("mostly-false", "Mostly false", "A. Mayor")
    assert row.reviewed_at == "2025-05-01"


def test_claimreview_rating_value_only():
    review = {**REVIEW, "reviewRating": {"ratingValue": 1, "bestRating": 5}}
    assert parse_archive(json.dumps(review), "r.json")[0].label == "false"


def test_claimreview_errors():
    with pytest.raises(MalformedArchive, match="line 1, column"):
        parse_archive('{"@type": "ClaimReview",', "r.json")
    with pytest.raises(MalformedArchive, match="without claimReviewed"):
        parse_archive('{"@type": "ClaimReview"}', "r.json")


EXPORT_HEADER = (
    "claim_id,claim,kind,score,quantities,claimant,document,source_url,published,sentence,"
    "verdict,rationale,sources,reviewer,reviewed_at,earlier_verdicts"
)


def test_our_csv_export_reads_back_and_unescapes():
    line = (
        "12,\"'-5 percent is the drop, said the mayor.\",statistic,0.9,-5 percent,'=Mayor,Doc,,"
        ",,mostly-false,'+Checked the minutes,https://a.example; https://b.example,Ana,"
        "2026-03-10T10:00:00+00:00,1"
    )
    (row,) = parse_archive(EXPORT_HEADER + "\n" + line + "\n", "export.csv")
    assert row.text == "-5 percent is the drop, said the mayor."
    assert row.claimant == "=Mayor"
    assert (row.external_id, row.label, row.reviewer) == ("12", "mostly-false", "Ana")
    assert row.rationale == "+Checked the minutes"
    assert row.sources == ("https://a.example", "https://b.example")
    assert row.reviewed_at == "2026-03-10T10:00:00+00:00"


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("a.csv", "x", "csv"),
        ("a.tsv", "x", "tsv"),
        ("a.jsonl", "{}", "jsonl"),
        ("a.json", "[{}]", "claimreview"),
        ("a.txt", '{"a": 1}\n{"a": 2}', "jsonl"),
        ("a.txt", '{\n "a": 1}', "claimreview"),
        ("a.txt", "a\tb\n", "tsv"),
    ],
)
def test_detect_format(name, text, fmt):
    assert detect_format(name, text) == fmt


def test_read_archive_file_errors(tmp_path):
    with pytest.raises(UnreadableDocument, match="no such file"):
        read_archive(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_text("  \n")
    with pytest.raises(EmptyDocument):
        read_archive(tmp_path / "empty.csv")
    (tmp_path / "bin.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(UnreadableDocument):
        read_archive(tmp_path / "bin.csv")


def test_claimreview_full_text_from_item_reviewed():
    full = "The bridge cost €40 million and took six years to build, twice the time planned."
    item = {**REVIEW, "claimReviewed": "The bridge cost €40 million and took six…",
            "itemReviewed": {"@type": "Claim", "text": full}}  # fmt: skip
    assert parse_archive(json.dumps(item), "r.json")[0].text == full
    other = {**REVIEW, "itemReviewed": {"@type": "Claim", "text": "Something else entirely."}}
    assert parse_archive(json.dumps(other), "r.json")[0].text == REVIEW["claimReviewed"]


def test_title_column_is_read_when_named(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text(
        "\tvclaim\ttitle\n0\tObama freed 122 detainees.\tDid Obama free 122?\n1\tA b c d.\t\n"
    )
    rows = read_archive(path, columns=Columns(title="title"))
    assert [r.title for r in rows] == ["Did Obama free 122?", None]
    assert all(r.title is None for r in read_archive(path))


def test_unknown_title_column_is_refused(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("\tvclaim\n0\tObama freed 122 detainees.\n")
    with pytest.raises(MalformedArchive, match="--title-column 'headline': no such column"):
        read_archive(path, columns=Columns(title="headline"))
