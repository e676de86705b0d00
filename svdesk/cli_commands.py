"""Subcommand modules outside cli.py; importing one registers its commands."""

from svdesk import cli_import  # noqa: F401  (the shared `import` command)
from svdesk import cli_people  # noqa: F401
