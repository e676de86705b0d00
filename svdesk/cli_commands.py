"""Subcommands that live in their own modules; importing each registers it with svdesk.cli."""

from svdesk import (
    cli_assess,  # noqa: F401
    cli_export,  # noqa: F401
    cli_import,  # noqa: F401  (the shared `import` command; areas add kinds)
    cli_install,  # noqa: F401
    cli_people,  # noqa: F401
    cli_report,  # noqa: F401
    cli_safety,  # noqa: F401
    cli_spend,  # noqa: F401
    cli_tender,  # noqa: F401
)
