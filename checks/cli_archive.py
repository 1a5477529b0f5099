"""The `import` and `search` commands."""

from __future__ import annotations

import argparse
import json

from checks.cli_support import command, embedder_for, emit, open_db, progress_bar, read_input

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
