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
    """Open the database named by --db (default $CLAIMDESK_DB, else data/claimdesk.db).

    Raises InvalidValue when the file is not an SQLite database or cannot be opened.
    """
    import sqlite3

    from checks.errors import InvalidValue
    from db import store

    path = args.db or config.db_path()
    try:
        return store.open_database(path)
    except sqlite3.DatabaseError as err:
        raise InvalidValue(f"--db {path}: not a usable Claimdesk database ({err})") from None
    except OSError as err:
        raise InvalidValue(f"--db {path}: cannot be opened ({err.strerror or err})") from None


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
    """Return the bytes of FILE or '-' (stdin) and the name to show in messages.

    Raises UnreadableDocument, and DocumentTooLarge over the cleaning size limit (a file's
    size is checked before it is read; stdin is read no further than the limit).
    """
    from checks.clean import MAX_BYTES
    from checks.errors import DocumentTooLarge

    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise DocumentTooLarge(f"<stdin>: over the {MAX_BYTES // 2**20} MB limit")
        return data, "<stdin>"
    return _read_path(source, MAX_BYTES), source


def _read_path(source: str, limit: int) -> bytes:
    from checks.errors import DocumentTooLarge, UnreadableDocument

    path = Path(source)
    try:
        if not path.exists():
            raise UnreadableDocument(f"{source}: no such file")
        if path.is_dir():
            raise UnreadableDocument(f"{source}: is a directory, not a file")
        size = path.stat().st_size
        if size > limit:
            raise DocumentTooLarge(
                f"{source}: {size / 2**20:.1f} MB is over the {limit / 2**20:.1f} MB limit"
            )
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

        cleaned = clean_bytes(*read_input("-"))  # read no further than the size limit
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
    from checks.errors import EmptyDocument, UnreadableDocument

    data, name = read_input(args.file)
    if not data.strip():
        problem = "only whitespace" if data else "the file is empty"
        raise EmptyDocument(f"{name}: {problem}")
    if data.lstrip().startswith(b"%PDF-"):
        raise UnreadableDocument(f"{name}: a PDF; --lines reads plain text (drop --lines)")
    refuse_binary(data, name)
    lines = decode(data, name).split("\n")
    if lines and lines[-1] == "" and data.endswith(b"\n"):
        lines.pop()  # the newline that ends the last line opens no new line
    scores = pipeline.extract_lines(lines, embedder_for(args))
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
            per = f", per {q.per}" if q.per else ""
            extra = per + (f", {q.qualifier}" if q.qualifier else "")
            print(f"    {q.text!r} = {q.value:g}{unit} ({q.kind}{extra})")


# ingest ------------------------------------------------------------------------------------


@command("ingest")
def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest documents, each whole or not at all; known documents add nothing."""
    from checks import pipeline

    for source in args.files:
        if Path(source).is_dir():
            from checks.errors import UnreadableDocument

            raise UnreadableDocument(f"{source}: is a directory, not a file")
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
    from checks.errors import UnknownClaim

    path = Path(args.db or config.db_path())
    if not path.exists():  # no claim can be in it: refuse instead of creating an empty one
        raise UnknownClaim(f"claim {args.claim_id}: no such claim (no database at {path})")
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


# import ------------------------------------------------------------------------------------


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    """Import an archive of earlier fact-checks; the whole file is validated first."""
    from checks import pipeline
    from checks.archive import Columns, read_archive

    # Validate before opening the database or loading the model: bad input writes nothing.
    columns = Columns(args.text_column, args.id_column, args.verdict_column)
    read_archive(args.file, args.format, columns)
    database = open_db(args)
    with progress_bar() as progress:
        result = pipeline.import_archive(
            database,
            args.file,
            embedder_for(args),
            fmt=args.format,
            text_column=args.text_column,
            id_column=args.id_column,
            verdict_column=args.verdict_column,
            progress=progress,
        )
    print(
        f"{args.file}: archive {result.archive}: {result.rows} rows read, {result.added} "
        f"claims added, {result.skipped} skipped (already present or empty), "
        f"{result.verdicts} verdicts"
    )
    return 0


# search ------------------------------------------------------------------------------------

_RESULT_KEYS = ("claim_id", "external_id", "text", "score", "verdict", "numbers")


@command("search")
def cmd_search(args: argparse.Namespace) -> int:
    """Search the claims by meaning, keywords or both (one query, or --queries FILE)."""
    from checks import pipeline

    if (args.query is None) == (args.queries is None):
        from checks.errors import InvalidValue

        raise InvalidValue("search: give either QUERY or --queries FILE")
    queries = [("1", args.query)] if args.queries is None else read_queries(args.queries)
    database = open_db(args)
    embedder = embedder_for(args)
    if args.mode != "keyword" and len(queries) > 1:
        embedder = PreEmbedded(embedder, [text for _, text in queries])
    filters = {
        "label": args.label,
        "status": args.status,
        "kind": args.kind,
        "document_id": args.document,
        "since": args.since,
        "until": args.until,
    }
    with progress_bar(args.queries is not None) as progress:
        for done, (query_id, text) in enumerate(queries, start=1):
            results = pipeline.search(database, text, embedder, k=args.k, mode=args.mode, **filters)
            _print_search(args, query_id, text, results)
            progress("search", done, len(queries))
    return 0


def read_queries(source: str) -> list[tuple[str, str]]:
    """Return (id, text) of each query in a file: JSONL `{"id", "text"}` lines, or plain
    text lines whose id is the 1-based line number (blank lines are skipped)."""
    from checks.decode import decode
    from checks.errors import InvalidValue

    data, name = read_input(source)
    out = []
    for number, line in enumerate(decode(data, name).split("\n"), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
                out.append((str(obj["id"]), str(obj["text"])))
            except (ValueError, KeyError, TypeError):
                raise InvalidValue(
                    f'{name}: line {number}: not a JSON object with "id" and "text"'
                ) from None
        else:
            out.append((str(number), line.rstrip("\r")))
    return out


class PreEmbedded:
    """An embedder that embeds all of a batch's queries at once, then answers from memory."""

    def __init__(self, embedder, texts: list[str]):
        self.model_id = embedder.model_id
        self._embedder = embedder
        unique = list(dict.fromkeys(texts))
        self._vectors = dict(zip(unique, embedder.embed(unique), strict=True))

    def embed(self, texts, batch_size: int = 64, progress=None):
        import numpy as np

        missing = [t for t in texts if t not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._embedder.embed(missing), strict=True))
        return np.stack([self._vectors[t] for t in texts])


def _print_search(args: argparse.Namespace, query_id: str, text: str, results: list) -> None:
    public = [{key: r[key] for key in _RESULT_KEYS} for r in results]
    if args.format == "jsonl" or (args.format == "json" and args.queries is not None):
        key = ("query_id", query_id) if args.queries is not None else ("query", text)
        print(json.dumps({key[0]: key[1], "results": public}, ensure_ascii=False))
    elif args.format == "json":
        emit(args, {"query": text, "results": public})
    else:
        print(f"{query_id}: {text}" if args.queries is not None else f"query: {text}")
        for r in results:
            verdict = f"[{r['verdict']}] " if r["verdict"] else ""
            warn = " (numbers differ)" if r["numbers"] == "differ" else ""
            print(f"  {r['score']:.3f} #{r['claim_id']} {verdict}{r['text']}{warn}")


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

    p = sub.add_parser("import", help="import an archive of earlier fact-checks")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["csv", "tsv", "jsonl", "claimreview"], default=None,
                   help="the file's format (default: from its name and content)")  # fmt: skip
    p.add_argument("--text-column", metavar="C", help="column holding the claim text")
    p.add_argument("--id-column", metavar="C", help="column holding the archive's claim id")
    p.add_argument("--verdict-column", metavar="C", help="column holding the rating")
    p.add_argument("--db", help=db_help)

    p = sub.add_parser("search", help="search claims by meaning and keywords")
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("--queries", metavar="FILE", help="JSONL {id, text} or one query per line")
    p.add_argument("--k", type=int, default=10, help="results per query (default 10)")
    p.add_argument("--mode", choices=["hybrid", "semantic", "keyword"], default="hybrid")
    p.add_argument("--label", help="only claims whose current verdict has this label")
    p.add_argument("--status", choices=["new", "checked"])
    p.add_argument("--kind", help="only claims of this kind")
    p.add_argument("--document", type=int, metavar="ID", help="only this document's claims")
    p.add_argument("--since", metavar="DATE", help="claims dated on or after DATE")
    p.add_argument("--until", metavar="DATE", help="claims dated on or before DATE")
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", **fmt)

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
    except OSError as err:
        if err.filename is None:  # not about a file the user named: an internal fault
            raise
        print(f"error: {err.filename}: {err.strerror or err}", file=sys.stderr)
        return 2
