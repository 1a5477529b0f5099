"""`python -m checks`: the Claimdesk command line."""

from checks.cli.main import main

raise SystemExit(main())
