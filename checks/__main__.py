"""`python -m checks`: the Claimdesk command line."""

from checks.cli import main

raise SystemExit(main())
