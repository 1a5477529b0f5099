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


# Adversarial archives: refused with one line naming the file and the problem ----------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,claim,claim\n1,Taxes rose.,Taxes fell.\n",
         "a.csv: line 1: the column 'claim' appears twice"),
        ("ID,Claim,id\n1,Taxes rose.,2\n", "a.csv: line 1: the column 'id' appears twice"),
        ("id,claim\n7,Taxes rose by 5 percent.\n7,Crime fell by 3 percent.\n",
         "a.csv: id 7 appears twice with different content (lines 2 and 3)"),
    ],
    ids=["header", "header-case", "ids"],
)  # fmt: skip
def test_repeated_columns_and_conflicting_ids_are_refused(text, message):
    with pytest.raises(MalformedArchive) as raised:
        parse_archive(text, "a.csv")
    assert str(raised.value).startswith(message)


def test_an_exact_repeat_of_a_row_is_not_a_conflict():
    rows = parse_archive("id,claim\n7,Taxes rose.\n7,Taxes rose.\n", "a.csv")
    assert [r.external_id for r in rows] == ["7", "7"]


def test_conflicting_ids_in_claimreview_are_refused():
    other = {**REVIEW, "claimReviewed": "The tunnel cost €90 million."}
    with pytest.raises(MalformedArchive, match="appears twice with different content .items 1"):
        parse_archive(json.dumps([REVIEW, other]), "r.json")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": 1, "claim": {"a": 1}}', "line 1: 'claim' is an object, not text"),
        ('{"id": 1, "claim": true}', "line 1: 'claim' is true, not text"),
        ('{"id": 1, "claim": ["x"]}', "line 1: 'claim' is a list, not text"),
        ('{"id": {"a": 1}, "claim": "Taxes rose."}', "line 1: 'id' is an object, not an id"),
        ('{"id": 1.5, "claim": "Taxes rose."}', "line 1: 'id' is a number, not an id"),
        ('{"id": 1, "claim": "Taxes rose.", "verdict": 3}', "line 1: 'verdict' is a number"),
        ('{"id": 1, "claim": "Taxes rose.", "claim": "x"}',
         "line 1: the key 'claim' appears twice"),
        ('{"id": 1, "claim": "Taxes rose.", "x": NaN}', "line 1: NaN is not a number"),
        ("[" * 100_000, "line 1: JSON nested too deeply"),
    ],
    ids=["object", "bool", "list", "id-object", "id-float", "verdict-number", "repeated-key",
         "nan", "deep"],
)  # fmt: skip
def test_jsonl_wrong_types_are_refused_not_stored_as_repr(line, message):
    with pytest.raises(MalformedArchive) as raised:
        parse_archive(line + "\n", "a.jsonl")
    assert str(raised.value).startswith(f"a.jsonl: {message}")


def test_jsonl_null_id_is_no_id_and_big_ids_are_kept_exactly():
    text = f'{{"id": null, "claim": "Taxes rose."}}\n{{"id": {2**80}, "claim": "Crime fell."}}\n'
    rows = parse_archive(text, "a.jsonl")
    assert [r.external_id for r in rows] == [None, str(2**80)]


def review_with(**changes):
    rating = {**REVIEW["reviewRating"], **changes.pop("rating", {})}
    return json.dumps({**REVIEW, "reviewRating": rating, **changes})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (review_with(rating={"alternateName": 5}), "'alternateName' is a number, not text"),
        (review_with(rating={"alternateName": ["False"]}), "'alternateName' is a list"),
        (review_with(rating={"alternateName": {"a": 1}}), "'alternateName' is an object"),
        (review_with(rating={"ratingValue": "NaN"}), "'ratingValue' 'NaN' is not a finite"),
        (review_with(rating={"ratingValue": "Infinity"}), "'ratingValue' 'Infinity' is not a"),
        (review_with().replace('"ratingValue": 2', '"ratingValue": NaN'), "NaN is not a number"),
        (review_with(rating={"ratingValue": 10**400}), "'ratingValue' 1000000000000000000"),
        (review_with(rating={"bestRating": [5]}), "'bestRating' [5] is not a finite number"),
        (review_with(reviewRating=5), "'reviewRating' is a number, not an object"),
        (review_with(datePublished={"y": 2020}), "'datePublished' is an object, not text"),
        (review_with(identifier=True), "'identifier' is true, not an id"),
        (review_with(url="javascript:alert(1)"), "url javascript:alert(1): not a web address"),
        (review_with(citation=["https://ok.example", "data:text/html,<script>"]),
         "citation data:text/html,<script>: not a web address"),
        (review_with(citation={"@type": "CreativeWork", "url": "javascript:x"}),
         "citation javascript:x: not a web address"),
        ("[" * 100_000, "JSON nested too deeply"),
    ],
    ids=["name-number", "name-list", "name-object", "value-nan-text", "value-inf-text",
         "value-nan", "value-400-digits", "best-list", "rating-number", "date-object",
         "id-bool", "url-javascript", "citation-data", "citation-object-javascript", "deep"],
)  # fmt: skip
def test_odd_claimreview_values_are_refused(data, message):
    with pytest.raises(MalformedArchive) as raised:
        parse_archive(data, "r.json")
    assert message in str(raised.value)
    assert str(raised.value).startswith("r.json")
    assert "\n" not in str(raised.value)


def test_claimreview_citation_objects_and_numeric_rating_text():
    data = review_with(rating={"ratingValue": "1", "alternateName": None},
                       citation=[{"@type": "CreativeWork", "url": "https://a.example/1"},
                                 "https://b.example/2"])  # fmt: skip
    (row,) = parse_archive(data, "r.json")
    assert row.label == "false"
    assert row.sources == ("https://a.example/1", "https://b.example/2")


def test_our_csv_sources_must_be_web_addresses():
    line = "12,Fares rose.,statistic,0.9,,,,,,,false,,javascript:alert(1),Ana,2026-03-10,0"
    with pytest.raises(MalformedArchive, match="line 2: sources javascript:alert.1.: not a web"):
        parse_archive(EXPORT_HEADER + "\n" + line + "\n", "export.csv")


def test_nul_bytes_past_the_first_64_kb_are_refused(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_bytes(b"id,claim\n" + b"1,Taxes rose by 5 percent.\n" * 5000 + b"2,Bad\x00row.\n")
    with pytest.raises(UnreadableDocument, match="NUL byte at byte 135014"):
        read_archive(path)


def test_a_file_mixing_utf8_and_latin1_lines_is_refused(tmp_path):
    path = tmp_path / "claims.csv"
    utf8, latin1 = "1,Zoë said taxes rose.\n".encode(), "2,Zoë said it.\n".encode("latin-1")
    path.write_bytes(b"id,claim\n" + utf8 + latin1 + latin1.replace(b"2,", b"3,"))
    with pytest.raises(UnreadableDocument, match="mixes encodings: line 2 is UTF-8, line 3 is not"):
        read_archive(path)


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
