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
    for command in sub.choices.values():
        # The flags each command has, so an error about an input can name the flag typed.
        flags = {flag for action in command._actions for flag in action.option_strings}
        command.set_defaults(flags=flags)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 2 with one line on stderr for bad input, 1 for a fault."""
    args = build_parser().parse_args(argv)
    return edge.run(args.run, args)
