"""Subcommand modules outside svdesk/cli.py: one import line per area."""

from svdesk import cli_export  # noqa: F401
