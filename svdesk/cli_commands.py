"""Subcommand modules, one import per area; each registers itself with svdesk.cli.command."""

from svdesk import cli_report  # noqa: F401
