"""Soak test on PostgreSQL: 16 processes recording verdicts on 40 shared claims through
`record_verdict`, beside the same round on an SQLite file in the same run; 0 lost, 0
duplicated, stale saves refused.

`python -m bench.postgres_soak [WORKERS] [VERDICTS_EACH]` (default 16 x 1,000). Starts its own
PostgreSQL (pgserver) in a temp folder, or uses the server of $CLAIMDESK_TEST_PG.
"""

from __future__ import annotations

import sys
import tempfile

from bench.common import table
from bench.soak import CLAIMS, soak

WORKERS = 16
VERDICTS_EACH = 1_000


def main(workers: int = WORKERS, each: int = VERDICTS_EACH) -> str:
    """Run the optimistic round on SQLite and on PostgreSQL; return the Markdown section."""
    from tests import postgres_support

    rows = [["SQLite file (WAL)", *soak(workers, each, optimistic=True)]]
    with tempfile.TemporaryDirectory() as folder:
        server_url, server = postgres_support.start_server(postgres_support.Path(folder))
        postgres_support.make_template(server_url)
        url = postgres_support.create_database(server_url)
        rows.append(["PostgreSQL", *soak(workers, each, optimistic=True, target=url)])
        postgres_support.drop_database(server_url, url)
        del server
    header = [
        "backend", "mode", "processes x verdicts", "accepted", "refused stale", "failed",
        "lost", "duplicated", "history out of order", "accepted verdicts/s",
    ]  # fmt: skip
    return "\n".join([
        "## Soak on PostgreSQL: concurrent reviewers",
        "",
        f"{workers} processes, {CLAIMS} shared claims, each process its own connection; every "
        "save carries the version its reviewer opened (the review page's way), so saves of a "
        "claim that moved on are refused. Same round on an SQLite file in the same run. Lost, "
        "duplicated and out-of-order must all be 0.",
        "",
        table(header, rows),
    ])  # fmt: skip


if __name__ == "__main__":
    print(main(*(int(a) for a in sys.argv[1:3])))
