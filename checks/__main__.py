"""`python -m checks` and the `claimdesk` console script: the Claimdesk command line."""

from __future__ import annotations

import sys

# Top-level modules of our own: a missing one is a fault in Claimdesk, not a missing venv.
_OWN = {"checks", "db", "app_pages", "ui", "bench", "tests"}


def run() -> None:
    """Run the command line; outside the venv, say how to call it instead of a traceback."""
    try:
        from checks.cli.main import main

        code = main()
    except ModuleNotFoundError as err:
        if not err.name or err.name.split(".")[0] in _OWN:
            raise
        print(
            f"claimdesk: the Python package {err.name!r} is missing here: run `make install`, "
            "then `.venv/bin/claimdesk ...` (or `.venv/bin/python -m checks ...`)",
            file=sys.stderr,
        )
        code = 1
    raise SystemExit(code)


if __name__ == "__main__":
    run()
