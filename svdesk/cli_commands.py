"""Subcommands that live outside svdesk/cli.py: one import per area (each registers itself)."""

from svdesk import cli_install  # noqa: F401
