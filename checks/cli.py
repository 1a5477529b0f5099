"""The command line (`python -m checks COMMAND`): parses flags, calls pipeline, prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from checks import config
from checks.errors import ClaimdeskError

# Library chatter never reaches the user (DESIGN §4); set before any model library loads.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
warnings.filterwarnings("ignore")

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    """Register a function as the handler of a sub-command."""

    def register(func: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = func
        return func

    return register


# Helpers -----------------------------------------------------------------------------------


def open_db(args: argparse.Namespace):
    """Open the database named by --db (default $CLAIMDESK_DB, else data/claimdesk.db)."""
    from db import store

    return store.open_database(args.db or config.db_path())


def embedder_for(args: argparse.Namespace):
    """Return the configured embedder (loads lazily on first use)."""
    from checks.embed import load_embedder

    return load_embedder()


def emit(args: argparse.Namespace, obj: object) -> None:
    """Print one JSON object (json, jsonl: one line each)."""
    indent = 2 if args.format == "json" else None
    print(json.dumps(obj, ensure_ascii=False, indent=indent))


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """Yield a progress(stage, done, total) callback drawing tqdm bars on a terminal stderr."""
    bars: dict = {}
    show = enabled and sys.stderr.isatty()

    def update(stage: str, done: int, total: int) -> None:
        if not show:
            return
        from tqdm import tqdm

        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()


def read_input(source: str) -> tuple[bytes, str]:
    """Return the bytes of FILE or '-' (stdin) and the name to show in messages."""
    if source == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    return _read_path(source), source


def _read_path(source: str) -> bytes:
    from checks.errors import UnreadableDocument

    path = Path(source)
    if not path.exists():
        raise UnreadableDocument(f"{source}: no such file")
    if path.is_dir():
        raise UnreadableDocument(f"{source}: is a directory, not a file")
    try:
        return path.read_bytes()
    except OSError as err:
        raise UnreadableDocument(f"{source}: cannot be read ({err.strerror})") from None


# extract -----------------------------------------------------------------------------------


@command("extract")
def cmd_extract(args: argparse.Namespace) -> int:
    """Print the claims of one document (or of each line, with --lines); no database."""
    from checks import pipeline

    if args.lines:
        return _extract_lines(args)
    if args.file == "-":
        from checks.clean import clean_bytes

        cleaned = clean_bytes(sys.stdin.buffer.read(), "<stdin>")
    else:
        from checks.clean import clean_path

        cleaned = clean_path(args.file)
    extraction, _ = pipeline.extract_document(cleaned, embedder_for(args))
    if args.format in ("json", "jsonl"):
        emit(args, extraction.to_dict())
    else:
        _print_extraction(extraction)
    return 0


def _extract_lines(args: argparse.Namespace) -> int:
    from checks import pipeline
    from checks.decode import decode, refuse_binary
    from checks.errors import EmptyDocument

    data, name = read_input(args.file)
    if not data.strip():
        raise EmptyDocument(f"{name}: the file is empty")
    refuse_binary(data, name)
    lines = decode(data, name).split("\n")
    if lines and lines[-1] == "" and data.endswith(b"\n"):
        lines.pop()  # the newline that ends the last line opens no new line
    scores = pipeline.extract_lines(lines, embedder_for(args))
    for number, score in enumerate(scores, start=1):
        obj = {"line": number, **score.to_dict()}
        if args.format in ("json", "jsonl"):
            print(json.dumps(obj, ensure_ascii=False))
        else:
            mark = "*" if score.checkworthy else " "
            print(f"{number:>5} {mark} {score.score:.2f} {score.kind:<10} {lines[number - 1]}")
    return 0


def _print_extraction(extraction) -> None:
    worthy = sum(c.checkworthy for c in extraction.claims)
    print(
        f"{len(extraction.sentences)} sentences, {len(extraction.claims)} claims, "
        f"{worthy} check-worthy (* marks them)"
    )
    for claim in sorted(extraction.claims, key=lambda c: -c.score):
        mark = "*" if claim.checkworthy else " "
        print(f"\n{mark} {claim.score:.2f} [{claim.kind}] {claim.text}")
        if claim.reasons:
            print(f"    why: {'; '.join(claim.reasons)}")
        for q in claim.quantities:
            unit = f" {q.unit}" if q.unit else ""
            extra = "".join(f", {k} {v}" for k, v in (("per", q.per), ("", q.qualifier)) if v)
            print(f"    {q.text!r} = {q.value:g}{unit} ({q.kind}{extra})")


# ingest ------------------------------------------------------------------------------------


@command("ingest")
def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest documents, each whole or not at all; known documents add nothing."""
    from checks import pipeline

    for source in args.files:
        if not Path(source).is_file():
            from checks.errors import UnreadableDocument

            raise UnreadableDocument(f"{source}: no such file")
    database = open_db(args)
    embedder = embedder_for(args)
    results = []
    for source in args.files:
        with progress_bar() as progress:
            result = pipeline.ingest_file(
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


# verdict -----------------------------------------------------------------------------------


@command("verdict")
def cmd_verdict(args: argparse.Namespace) -> int:
    """Append a verdict to a claim (refused when --expected-version has moved on)."""
    from checks import pipeline

    verdict = pipeline.record_verdict(
        open_db(args),
        args.claim_id,
        args.label,
        reviewer=args.reviewer,
        rationale=args.rationale or "",
        sources=args.source or [],
        confidence=args.confidence,
        expected_version=args.expected_version,
    )
    if args.format in ("json", "jsonl"):
        emit(args, verdict)
    else:
        print(
            f"claim {args.claim_id}: {verdict['label']} by {verdict['reviewer']} "
            f"(version {verdict['version']})"
        )
    return 0


# backup ------------------------------------------------------------------------------------


@command("backup")
def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database to FILE, safe while the app is in use."""
    from db import store

    size = store.backup(open_db(args), args.file)
    print(f"backup: wrote {args.file} ({size / 1_000_000:.1f} MB)")
    return 0


# seed-demo ---------------------------------------------------------------------------------


@command("seed-demo")
def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with the demo documents (and example verdicts)."""
    from checks import pipeline

    database = open_db(args)
    with progress_bar() as progress:
        added = pipeline.seed_demo(database, embedder_for(args), progress=progress)
    print(f"demo: {added}" if added else "demo: database already has documents, left as is")
    return 0


# export ------------------------------------------------------------------------------------


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    """Write the verdict report (CSV, ClaimReview JSON-LD or Markdown) to --out or stdout."""
    from checks import pipeline

    data = pipeline.export_report(
        open_db(args),
        args.format,
        document_id=args.document,
        label=args.label,
        reviewer=args.reviewer,
        since=args.since,
        until=args.until,
        include_all=args.all,
        bom=args.bom,
    )
    if not args.out:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        Path(args.out).write_bytes(data)
    except OSError as err:
        from checks.errors import InvalidValue

        raise InvalidValue(f"--out {args.out}: cannot be written ({err.strerror})") from None
    print(f"export: wrote {args.out} ({args.format}, {len(data):,} bytes)")
    return 0


# Parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    parser = argparse.ArgumentParser(prog="python -m checks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = "database file (default: $CLAIMDESK_DB, else data/claimdesk.db)"
    fmt = {"choices": ["text", "json", "jsonl"], "default": "text"}

    p = sub.add_parser("extract", help="find the claims in one document (no database)")
    p.add_argument("file", nargs="?", default="-", help="FILE, or - for standard input")
    p.add_argument("--lines", action="store_true", help="score each input line as one unit")
    p.add_argument("--format", **fmt)

    p = sub.add_parser("ingest", help="add documents to the database")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--title")
    p.add_argument("--url")
    p.add_argument("--date", help="publication date, YYYY-MM-DD")
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", **fmt)

    p = sub.add_parser("verdict", help="record a verdict on a claim")
    p.add_argument("claim_id", type=int)
    p.add_argument("label")
    p.add_argument("--reviewer", required=True)
    p.add_argument("--rationale")
    p.add_argument("--source", action="append", metavar="URL")
    p.add_argument("--confidence", type=float)
    p.add_argument("--expected-version", type=int)
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", **fmt)

    p = sub.add_parser("backup", help="copy the database consistently while it is in use")
    p.add_argument("file", metavar="FILE", help="the new backup file (must not exist)")
    p.add_argument("--db", help=db_help)

    p = sub.add_parser("export", help="write the verdict report: CSV, ClaimReview or Markdown")
    p.add_argument("--format", choices=["csv", "claimreview", "markdown"], default="csv")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--all", action="store_true", help="also the claims without a verdict")
    p.add_argument("--document", type=int, metavar="ID", help="only this document's claims")
    p.add_argument("--label", metavar="L", help="only claims whose current verdict is L")
    p.add_argument("--reviewer", metavar="R", help="only verdicts given by R")
    p.add_argument("--since", metavar="DATE", help="verdicts on or after DATE (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="verdicts on or before DATE (YYYY-MM-DD)")
    p.add_argument("--bom", action="store_true", help="start the CSV with a UTF-8 byte-order mark")
    p.add_argument("--db", help=db_help)

    p = sub.add_parser("seed-demo", help="load the demo documents into an empty database")
    p.add_argument("--db", help=db_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 2 with one line on stderr for bad input, 1 for a fault."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ClaimdeskError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
