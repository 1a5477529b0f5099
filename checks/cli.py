"""The command line (`python -m checks COMMAND`): the flags of every command and `main`.

Each command's handler lives in cli_documents.py (extract, ingest), cli_archive.py (import,
search) or cli_reports.py (verdict, export, backup, seed-demo).
"""

from __future__ import annotations

import argparse
import sys

from checks import cli_archive, cli_documents, cli_reports  # noqa: F401 - register commands
from checks.cli_archive import PreEmbedded, read_queries  # noqa: F401 - used by benchmarks
from checks.cli_support import COMMANDS
from checks.errors import ClaimdeskError

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

    p = sub.add_parser("copy", help="copy the whole database into an empty one (SQLite or PG)")
    p.add_argument("--to", required=True, metavar="URL",
                   help="an SQLite file path or a postgresql:// URL; must be empty")  # fmt: skip
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", **fmt)

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
