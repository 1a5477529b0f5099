"""The `extract`, `ingest` and `documents` commands."""

from __future__ import annotations

import argparse
import json

from checks.cli.edge import (
    add_command,
    add_db,
    add_format,
    emit,
    open_db,
    progress_bar,
    read_input,
)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `extract`, `ingest` and `documents` commands."""
    p = add_command(sub, "extract", "find the claims in one document (no database)")
    p.add_argument("file", nargs="?", default="-", help="FILE, or - for standard input")
    p.add_argument("--lines", action="store_true", help="score each input line as one unit")
    add_format(p)
    p.set_defaults(run=cmd_extract)

    p = add_command(sub, "ingest", "add documents (.txt, .md, .html, .pdf) to the database")
    p.add_argument("files", nargs="+", metavar="FILE", help="the documents to add")
    p.add_argument("--title", help="the document's title (default: from its first line)")
    p.add_argument("--url", help="where the document was published (http or https)")
    p.add_argument("--date", help="publication date, YYYY-MM-DD")
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_ingest)

    p = add_command(sub, "documents", "list the documents with their ids and claim counts")
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_documents)


# extract -----------------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the claims of one document (or of each line, with --lines); no database."""
    from checks.embed import load_embedder
    from checks.workflows.ingest import extract_document

    if args.lines:
        return _extract_lines(args)
    if args.file == "-":
        from checks.clean import clean_bytes

        cleaned = clean_bytes(*read_input("-"))  # read no further than the size limit
    else:
        from checks.clean import clean_path

        cleaned = clean_path(args.file)
    extraction, _ = extract_document(cleaned, load_embedder())
    if args.format in ("json", "jsonl"):
        emit(args, extraction.to_dict())
    else:
        _print_extraction(extraction)
    return 0


def _extract_lines(args: argparse.Namespace) -> int:
    from checks.decode import text_lines_file
    from checks.embed import load_embedder
    from checks.errors import EmptyDocument, UnreadableDocument
    from checks.workflows.ingest import extract_lines

    data, name = read_input(args.file)
    if data and not data.strip():
        raise EmptyDocument(f"{name}: only whitespace")
    if data.lstrip().startswith(b"%PDF-"):
        raise UnreadableDocument(f"{name}: a PDF; --lines reads plain text (drop --lines)")
    lines = text_lines_file(data, name).split("\n")
    if lines and lines[-1] == "" and data.endswith(b"\n"):
        lines.pop()  # the newline that ends the last line opens no new line
    scores = extract_lines(lines, load_embedder())
    for number, score in enumerate(scores, start=1):
        obj = {
            "line": number,
            "score": score.score,
            "checkworthy": score.checkworthy,
            "kind": score.kind,
            "quantities": [q.to_dict() for q in score.quantities],
        }
        if args.format in ("json", "jsonl"):
            print(json.dumps(obj, ensure_ascii=False))
        else:
            from checks.figures import score as shown

            mark = "*" if score.checkworthy else " "
            print(f"{number:>5} {mark} {shown(score.score)} {score.kind:<10} {lines[number - 1]}")
    return 0


def _print_extraction(extraction) -> None:
    worthy = sum(c.checkworthy for c in extraction.claims)
    print(
        f"{len(extraction.sentences)} sentences, {len(extraction.claims)} claims, "
        f"{worthy} check-worthy (* marks them)"
    )
    from checks import figures

    for claim in sorted(extraction.claims, key=lambda c: -c.score):
        mark = "*" if claim.checkworthy else " "
        print(f"\n{mark} {figures.score(claim.score)} [{claim.kind}] {claim.text}")
        if claim.reasons:
            print(f"    why: {'; '.join(claim.reasons)}")
        for q in claim.quantities:
            print(f"    {q.text} → {figures.quantity(q.to_dict())} ({q.kind})")


# ingest ------------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest documents, each whole or not at all; known documents add nothing."""
    from checks import files, validate
    from checks.embed import load_embedder
    from checks.workflows.ingest import ingest_file

    for source in args.files:  # every file and flag checked before the database is opened
        files.require_regular(source)
    if args.url:
        validate.web_url(args.url, "url")
    database = open_db(args)
    embedder = load_embedder()
    results = []
    for source in args.files:
        with progress_bar() as progress:
            result = ingest_file(
                database,
                source,
                embedder,
                title=args.title,
                url=args.url,
                date=args.date,
                progress=progress,
            )
        results.append(result)
        _print_ingest(args, source, result)
    return 0


def _print_ingest(args: argparse.Namespace, source: str, result) -> None:
    from dataclasses import asdict

    if args.format in ("json", "jsonl"):
        print(json.dumps({"file": source, **asdict(result)}, ensure_ascii=False))
    elif result.added:
        print(
            f"{source}: added document {result.document_id} ({result.title}): "
            f"{result.sentences} sentences, {result.claims} claims "
            f"({result.checkworthy} check-worthy), {result.quantities} quantities, "
            f"{result.matches} matches to earlier verdicts"
        )
    else:
        filled = f"; filled in {', '.join(result.filled)}" if result.filled else ""
        print(f"{source}: already ingested as document {result.document_id}, nothing added{filled}")


# documents ---------------------------------------------------------------------------------

DOCUMENT_KEYS = ("id", "title", "published", "claims", "checkworthy", "reviewed")


def cmd_documents(args: argparse.Namespace) -> int:
    """List the documents, newest first, with their claim counts (DESIGN §4)."""
    from db.documents import document_summaries

    rows = document_summaries(open_db(args))
    if args.format in ("json", "jsonl"):
        public = [{key: row[key] for key in DOCUMENT_KEYS} for row in rows]
        if args.format == "json":
            emit(args, public)
        for row in public if args.format == "jsonl" else ():
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not rows:
        print("no documents yet: add one with `ingest FILE`")
        return 0
    print(f"{'id':>5}  {'published':<10}  {'claims':>6}  {'check-worthy':>12}  "
          f"{'reviewed':>8}  title")  # fmt: skip
    for row in rows:
        title = (row["title"] or f"Document {row['id']}") + (" (demo)" if row["demo"] else "")
        print(
            f"{row['id']:>5}  {row['published'] or '':<10}  {row['claims']:>6,}  "
            f"{row['checkworthy']:>12,}  {row['reviewed']:>8,}  {title}"
        )
    return 0
