"""Subcommand modules outside cli.py: importing each registers its commands."""

from svdesk import cli_safety  # noqa: F401
