"""The command table: every `svdesk COMMAND`, in the order `svdesk --help` lists them.

Each row names the module that holds the command and its two functions: add_parser(subparsers),
which adds the command's parser, and run(args) -> int. Modules are imported only when the parser
is built, so a plain window start imports none of them. A command is in this table or it does
not exist; tests/unit/test_cli_tables.py checks that every parser a cli module adds is here.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": ("svdesk.cli", "_add_demo", "_run_demo"),
    "contract": ("svdesk.cli", "_add_contract", "_run_contract"),
    "info": ("svdesk.cli", "_add_info", "_run_info"),
    "assess": ("svdesk.cli.assess", "_add", "_run"),
    "export": ("svdesk.cli.export", "_add", "_run"),
    "import": ("svdesk.cli.imports", "_add", "_run"),
    "check-install": ("svdesk.cli.install", "_add", "_run"),
    "report": ("svdesk.cli.report", "_add", "_run"),
    "backup": ("svdesk.cli.safety", "_add_backup", "_run_backup"),
    "restore": ("svdesk.cli.safety", "_add_restore", "_run_restore"),
    "check": ("svdesk.cli.safety", "_add_check", "_run_check"),
    "history": ("svdesk.cli.safety", "_add_history", "_run_history"),
    "move": ("svdesk.cli.move", "_add", "_run"),
    "spend": ("svdesk.cli.spend", "_add_spend_group", "_run_spend_group"),
    "tender": ("svdesk.cli.tender", "_add", "_run"),
}
