"""The command line (`claimdesk COMMAND`, or `python -m checks COMMAND`): the flags of every
command and `main`.

Each command's handler lives in cli_documents.py (extract, ingest), cli_archive.py (import,
search) or cli_reports.py (verdict, export, backup, seed-demo).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks import cli_archive, cli_documents, cli_reports  # noqa: F401 - register commands
from checks.cli_archive import PreEmbedded, read_queries  # noqa: F401 - used by benchmarks
from checks.cli_support import COMMANDS
from checks.errors import ClaimdeskError
from checks.labels import DISPLAY_NAMES, LABELS

# Parser ------------------------------------------------------------------------------------


DESCRIPTION = (
    "Claimdesk finds the checkable claims in documents, remembers every claim it has seen, "
    "and helps a desk give verdicts, reuse earlier ones and publish reports."
)
EPILOG = f"""examples:
  {{prog}} ingest article.pdf --title "Budget speech" --date 2026-03-01
  {{prog}} documents
  {{prog}} search "tram budget 2.4 billion" --k 5
  {{prog}} verdict 42 mostly-true --reviewer "Ana Ruiz" --rationale "Minutes say 37.6 percent." \\
      --source https://example.org/minutes
  {{prog}} export --format markdown --out report.md
  {{prog}} demo --remove

verdict labels: {", ".join(LABELS)}
`{{prog}} COMMAND --help` describes a command and its flags. The database is --db PATH,
else $CLAIMDESK_DB, else data/claimdesk.db."""
FORMAT_HELP = "text for people (default), json or jsonl for programs"


def program_name() -> str:
    """Return how the user called us: `claimdesk` (the console script) or `python -m checks`."""
    return "claimdesk" if Path(sys.argv[0]).name == "claimdesk" else "python -m checks"


def _command(sub, name: str, summary: str, epilog: str | None = None) -> argparse.ArgumentParser:
    description = summary[0].upper() + summary[1:] + "."
    raw = argparse.RawDescriptionHelpFormatter
    return sub.add_parser(
        name, help=summary, description=description, epilog=epilog, formatter_class=raw
    )


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    prog = prog or program_name()
    parser = argparse.ArgumentParser(
        prog=prog, description=DESCRIPTION, epilog=EPILOG.format(prog=prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    db_help = "database file (default: $CLAIMDESK_DB, else data/claimdesk.db)"
    fmt = {"choices": ["text", "json", "jsonl"], "default": "text", "help": FORMAT_HELP}

    p = _command(sub, "extract", "find the claims in one document (no database)")
    p.add_argument("file", nargs="?", default="-", help="FILE, or - for standard input")
    p.add_argument("--lines", action="store_true", help="score each input line as one unit")
    p.add_argument("--format", **fmt)

    p = _command(sub, "ingest", "add documents (.txt, .md, .html, .pdf) to the database")
    p.add_argument("files", nargs="+", metavar="FILE", help="the documents to add")
    p.add_argument("--title", help="the document's title (default: from its first line)")
    p.add_argument("--url", help="where the document was published (http or https)")
    p.add_argument("--date", help="publication date, YYYY-MM-DD")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.add_argument("--format", **fmt)

    p = _command(sub, "documents", "list the documents with their ids and claim counts")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.add_argument("--format", **fmt)

    labels = "\n".join(f"  {name:<14}{DISPLAY_NAMES[name]}" for name in LABELS)
    p = _command(sub, "verdict", "record a verdict on a claim", f"labels:\n{labels}")
    p.add_argument("claim_id", type=int, metavar="CLAIM_ID", help="the claim's id")
    p.add_argument("label", metavar="LABEL", help=f"one of: {', '.join(LABELS)}")
    p.add_argument("--reviewer", required=True, help="who gives the verdict")
    p.add_argument("--rationale", help="why: what the sources show")
    p.add_argument("--source", action="append", metavar="URL",
                   help="a source's web address (repeat for several)")  # fmt: skip
    p.add_argument("--confidence", type=float, help="how sure, 0 to 1 (default: not given)")
    p.add_argument("--expected-version", type=int, metavar="N",
                   help="refuse when the claim's version has moved on from N")  # fmt: skip
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.add_argument("--format", **fmt)

    p = _command(sub, "backup", "copy the database consistently while it is in use")
    p.add_argument("file", metavar="FILE", help="the new backup file (must not exist)")
    p.add_argument("--db", metavar="PATH", help=db_help)

    p = _command(sub, "export", "write the verdict report: CSV, ClaimReview or Markdown")
    p.add_argument("--format", choices=["csv", "claimreview", "markdown"], default="csv",
                   help="the report's format (default csv)")  # fmt: skip
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--all", action="store_true", help="also the claims without a verdict")
    p.add_argument("--demo", action="store_true", help="also the demo claims (left out by default)")
    p.add_argument("--document", type=int, metavar="ID", help="only this document's claims")
    p.add_argument("--label", metavar="L", help="only claims whose current verdict is L")
    p.add_argument("--reviewer", metavar="R", help="only verdicts given by R")
    p.add_argument("--since", metavar="DATE", help="verdicts on or after DATE (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="verdicts on or before DATE (YYYY-MM-DD)")
    p.add_argument("--bom", action="store_true", help="start the CSV with a UTF-8 byte-order mark")
    p.add_argument("--db", metavar="PATH", help=db_help)

    p = _command(sub, "import", "import an archive of earlier fact-checks")
    p.add_argument("file", metavar="FILE", help="a CSV, TSV, JSONL or ClaimReview file")
    p.add_argument("--format", choices=["csv", "tsv", "jsonl", "claimreview"], default=None,
                   help="the file's format (default: from its name and content)")  # fmt: skip
    p.add_argument("--text-column", metavar="C", help="column holding the claim text")
    p.add_argument("--id-column", metavar="C", help="column holding the archive's claim id")
    p.add_argument("--verdict-column", metavar="C", help="column holding the rating")
    p.add_argument("--db", metavar="PATH", help=db_help)

    p = _command(sub, "search", "search claims by meaning and keywords")
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
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.add_argument("--format", **fmt)

    p = _command(sub, "seed-demo", "load the demo documents into an empty database")
    p.add_argument("--db", metavar="PATH", help=db_help)

    p = _command(sub, "demo", "show the demo data, or remove it (and nothing else)")
    p.add_argument("--remove", action="store_true",
                   help="remove the demo documents, their claims and verdicts")  # fmt: skip
    p.add_argument("--db", metavar="PATH", help=db_help)
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
