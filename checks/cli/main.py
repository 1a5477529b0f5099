"""The command line's parser (`claimdesk COMMAND`, or `python -m checks COMMAND`) and `main`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.cli import edge

edge.import_sqlite_utils_without_pandas()  # before any command module imports the database

from checks.cli import admin, archive, desk, documents, reports, verdicts  # noqa: E402
from checks.labels import LABELS  # noqa: E402

DESCRIPTION = (
    "Claimdesk finds the checkable claims in documents, remembers every claim it has seen, "
    "and helps a desk give verdicts, reuse earlier ones and publish reports."
)
EPILOG = """examples:
  {prog} ingest article.pdf --title "Budget speech" --date 2026-03-01
  {prog} documents
  {prog} search "tram budget 2.4 billion" --k 5
  {prog} verdict 42 mostly-true --reviewer "Ana Ruiz" --rationale "Minutes say 37.6 percent." \\
      --source https://example.org/minutes
  {prog} export --format markdown --out report.md
  {prog} demo --remove

verdict labels: {labels}
`{prog} COMMAND --help` describes a command and its flags. The database is --db PATH,
else $CLAIMDESK_DB, else data/claimdesk.db."""


def program_name() -> str:
    """Return how the user called us: `claimdesk` (the console script) or `python -m checks`."""
    return "claimdesk" if Path(sys.argv[0]).name == "claimdesk" else "python -m checks"


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    prog = prog or program_name()
    parser = argparse.ArgumentParser(
        prog=prog,
        description=DESCRIPTION,
        epilog=EPILOG.format(prog=prog, labels=", ".join(LABELS)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (documents, verdicts, reports, archive, desk, admin):
        group.add_parsers(sub)
    for command in sub.choices.values():
        # The flags each command has, so an error about an input can name the flag typed.
        flags = {flag for action in command._actions for flag in action.option_strings}
        command.set_defaults(flags=flags)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 2 with one line on stderr for bad input, 1 for a fault."""
    args = build_parser().parse_args(argv)
    return edge.run(args.run, args)
