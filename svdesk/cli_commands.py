"""Sub-command modules of the command line, one import line per area."""

from svdesk import cli_spend  # noqa: F401
