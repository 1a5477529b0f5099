"""The command line (`python -m checks COMMAND`): the parser and main in `main`, the shared edge
in `edge`, and one module per group of commands."""
