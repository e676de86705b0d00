"""Subcommands that live in their own modules; importing each registers it with svdesk.cli."""

from svdesk import cli_assess  # noqa: F401
from svdesk import cli_export  # noqa: F401
from svdesk import cli_import  # noqa: F401  (the shared `import` command; areas add kinds)
from svdesk import cli_install  # noqa: F401
from svdesk import cli_people  # noqa: F401
from svdesk import cli_report  # noqa: F401
from svdesk import cli_safety  # noqa: F401
from svdesk import cli_spend  # noqa: F401
from svdesk import cli_tender  # noqa: F401
