"""Claimdesk's command line: find claims in documents, store them, search them, record
verdicts and export reports. `python -m checks COMMAND --help` describes each command."""

from __future__ import annotations

import argparse

from checks.cli import admin, archive, documents, edge, reports, verdicts


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    parser = argparse.ArgumentParser(prog="python -m checks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for group in (documents, verdicts, reports, archive, admin):
        group.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 2 with one line on stderr for bad input, 1 for a fault."""
    args = build_parser().parse_args(argv)
    return edge.run(args.run, args)
