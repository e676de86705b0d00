"""The modules that register measure sources, imported before the engine computes anything.

One row per area; importing a module registers its sources (register_source). This list is the
only place they are named: tests/unit/test_cli_tables.py checks that every module calling
register_source or register_spend_source is in it. See docs/measure-sources.md.
"""

import importlib

SOURCE_MODULES = (
    "svdesk.services.activity_measures",  # activity records
    "svdesk.services.people_measures",  # people
    "svdesk.services.spend_measures",  # spend lines and suppliers
)

for _name in SOURCE_MODULES:
    importlib.import_module(_name)
