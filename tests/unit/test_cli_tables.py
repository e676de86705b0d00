"""#21.3: registries are explicit lists, one place each, and each is checked complete here.

Before, commands, import kinds and measure sources joined their tables as a side effect of
importing a module, so a module left out of an import line silently lost its command. Now each
table names its entries, and these tests fail when something that should be in one is not."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import svdesk
from svdesk.cli import build_parser, command_functions
from svdesk.cli.commands import COMMANDS
from svdesk.cli.imports import IMPORTERS, importer_functions

PACKAGE = Path(svdesk.__file__).parent
CLI_MODULES = sorted((PACKAGE / "cli").glob("*.py"))


def test_every_command_a_cli_module_adds_is_in_the_command_table():
    added = set()
    for path in CLI_MODULES:
        # each command's add_parser(sub) calls sub.add_parser("name", …); nested groups use other names
        added |= set(re.findall(r'\bsub\.add_parser\(\s*"([\w-]+)"', path.read_text(encoding="utf-8")))
    assert added == set(COMMANDS)


def test_every_row_of_the_command_table_is_a_pair_of_functions_and_svdesk_offers_it():
    for name in COMMANDS:
        add_parser, run = command_functions(name)
        assert callable(add_parser) and callable(run), name
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices) == list(COMMANDS)


def test_every_import_kind_is_in_importers_and_every_import_service_has_a_kind():
    for kind in IMPORTERS:
        add_arguments, run = importer_functions(kind)
        assert callable(add_arguments) and callable(run), kind
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    kinds = next(a for a in sub.choices["import"]._actions if a.dest == "import_kind")
    assert set(kinds.choices) == set(IMPORTERS)
    # every service that imports a kind of file from the command line has its row; a buyer's
    # proxy sheet is imported in the window only, with a mapping step the command line lacks
    services = {p.stem for p in (PACKAGE / "services").glob("*_import.py")} - {"proxy_import"}
    kind_of = {"people_import": "people", "spend_import": "spend", "supplier_import": "suppliers"}
    assert services == set(kind_of), "a new import service: give it a kind in IMPORTERS"
    assert {kind_of[s] for s in services} == set(IMPORTERS)


def test_every_layout_class_in_importers_is_in_layouts():
    from svdesk.importers import LAYOUTS, Layout

    # base classes the layouts build on, never read a file by themselves
    deliberately_out = {"Layout", "BankLayout", "GenericMapped"}
    listed = {type(lay).__name__ for lay in LAYOUTS}
    found = set()
    for info in pkgutil.walk_packages([str(PACKAGE / "importers")], "svdesk.importers."):
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Layout) and obj.__module__ == module.__name__:
                found.add(name)
    assert found - deliberately_out == listed
    assert len(listed) == len(LAYOUTS), "a layout is listed twice"


def test_every_module_that_registers_measure_sources_is_in_source_modules():
    from svdesk.services.measure_plugins import SOURCE_MODULES

    registering = {
        "svdesk.services." + p.stem
        for p in (PACKAGE / "services").glob("*.py")
        if p.stem != "measure_sources"
        and re.search(r"^\s*register_(spend_)?source\(", p.read_text(encoding="utf-8"), re.M)
    }
    assert registering == set(SOURCE_MODULES)


def test_warm_modules_hold_every_builder_writer_and_measure_source_and_all_import():
    from svdesk.exports.child import FORMAT_MODULES, WARM_MODULES
    from svdesk.services.measure_plugins import SOURCE_MODULES

    exports = PACKAGE / "exports"
    needed = {
        "svdesk.exports." + p.stem
        for p in [*exports.glob("build_*.py"), *exports.glob("*_writer.py")]
        if p.stem != "build_common"
    }
    by_format = {name for names in FORMAT_MODULES.values() for name in names}
    assert needed | set(SOURCE_MODULES) <= set(WARM_MODULES) | by_format
    for name in [*WARM_MODULES, *sorted(by_format)]:
        importlib.import_module(name)  # a renamed module fails here, not silently in the standby
