"""The `import` and `search` commands."""

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
    """Add the `import` and `search` commands."""
    p = add_command(sub, "import", "import an archive of earlier fact-checks")
    p.add_argument("file", metavar="FILE", help="a CSV, TSV, JSONL or ClaimReview file")
    p.add_argument("--format", choices=["csv", "tsv", "jsonl", "claimreview"], default=None,
                   help="the file's format (default: from its name and content)")  # fmt: skip
    p.add_argument("--text-column", metavar="C", help="column holding the claim text")
    p.add_argument("--id-column", metavar="C", help="column holding the archive's claim id")
    p.add_argument("--verdict-column", metavar="C", help="column holding the rating")
    p.add_argument("--archive", metavar="NAME",
                   help="the archive's name (default: the file's name and a digest of its "
                        "claims, so two different files of one name are two archives)")  # fmt: skip
    p.add_argument("--title-column", metavar="C", help="column holding the fact-check's title")
    add_db(p)
    p.set_defaults(run=cmd_import)

    p = add_command(sub, "search", "search claims by meaning and keywords")
    p.add_argument("query", nargs="?", metavar="QUERY", help="a claim, a topic or a figure")
    p.add_argument("--queries", metavar="FILE", help="JSONL {id, text} or one query per line")
    p.add_argument("--k", type=int, default=10, help="results per query (default 10)")
    modes = "by meaning and keywords (default), meaning only, or keywords only"
    p.add_argument("--mode", choices=["hybrid", "semantic", "keyword"], default="hybrid",
                   help=modes)  # fmt: skip
    p.add_argument("--label", help="only claims whose current verdict has this label")
    p.add_argument("--status", choices=["new", "checked"], help="only claims with this status")
    p.add_argument("--kind", help="only claims of this kind (statistic, quote, event, ...)")
    p.add_argument("--document", type=int, metavar="ID", help="only this document's claims")
    p.add_argument("--since", metavar="DATE", help="claims dated on or after DATE")
    p.add_argument("--until", metavar="DATE", help="claims dated on or before DATE")
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_search)


# import ------------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    """Import an archive of earlier fact-checks; the whole file is validated first."""
    from checks.archive import Columns, read_archive
    from checks.embed import load_embedder
    from checks.workflows.imports import import_archive, validate_archive_name

    # Validate before opening the database or loading the model: bad input writes nothing.
    columns = Columns(args.text_column, args.id_column, args.verdict_column, args.title_column)
    read_archive(args.file, args.format, columns)
    if args.archive is not None:
        validate_archive_name(args.archive)
    database = open_db(args)
    with progress_bar() as progress:
        result = import_archive(
            database,
            args.file,
            load_embedder(),
            fmt=args.format,
            text_column=args.text_column,
            id_column=args.id_column,
            verdict_column=args.verdict_column,
            title_column=args.title_column,
            progress=progress,
            archive=args.archive,
        )
    print(
        f"{args.file}: archive {result.archive}: {result.rows} rows read, {result.added} "
        f"claims added, {result.skipped} skipped (already present or empty), "
        f"{result.verdicts} verdicts"
    )
    return 0


# search ------------------------------------------------------------------------------------

_RESULT_KEYS = ("claim_id", "external_id", "text", "score", "verdict", "numbers")


def cmd_search(args: argparse.Namespace) -> int:
    """Search the claims by meaning, keywords or both (one query, or --queries FILE)."""
    from checks.embed import PreEmbedded, load_embedder
    from checks.workflows.searching import search

    if (args.query is None) == (args.queries is None):
        from checks.errors import InvalidValue

        raise InvalidValue("search: give either QUERY or --queries FILE")
    queries = [("1", args.query)] if args.queries is None else read_queries(args.queries)
    database = open_db(args)
    embedder = load_embedder()
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
            results = search(database, text, embedder, k=args.k, mode=args.mode, **filters)
            _print_search(args, query_id, text, results)
            progress("search", done, len(queries))
    return 0


def read_queries(source: str) -> list[tuple[str, str]]:
    """Return (id, text) of each query in a file: JSONL `{"id", "text"}` lines, or plain
    text lines whose id is the 1-based line number (blank lines are skipped)."""
    from checks import json_values
    from checks.decode import text_lines_file
    from checks.errors import InvalidValue

    data, name = read_input(source)
    out = []
    for number, line in enumerate(text_lines_file(data, name).split("\n"), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            out.append(_query(json_values.loads(line, name, number, error=InvalidValue),
                              f"{name}: line {number}"))  # fmt: skip
        else:
            out.append((str(number), line.rstrip("\r")))
    return out


def _query(obj: object, where: str) -> tuple[str, str]:
    """Return (id, text) of a JSONL query; raises InvalidValue for another shape or type."""
    from checks import json_values
    from checks.errors import InvalidValue, MalformedArchive

    if not isinstance(obj, dict):
        raise InvalidValue(f'{where}: not a JSON object with "id" and "text"')
    try:
        query_id = json_values.id_value(obj, "id", where)
        text = json_values.text_value(obj, "text", where)
    except MalformedArchive as err:
        raise InvalidValue(str(err)) from None
    if query_id is None or text is None:
        raise InvalidValue(f'{where}: not a JSON object with "id" and "text"')
    return query_id, text


def _print_search(args: argparse.Namespace, query_id: str, text: str, results: list) -> None:
    from checks.figures import score

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
            print(f"  {score(r['score'])} #{r['claim_id']} {verdict}{r['text']}{warn}")
