"""The keyboard shortcuts: one table the menus and the help window's list are both built from.

Qt-free data. Area shortcuts come from svdesk.ui.areas.AREAS (each area has one); the rest are
listed here with the menu action they belong to (`action`, the menu text without "&" or "…"),
or none for keys a page or form handles itself. tests/ui/test_desk_conventions.py checks that
every shortcut the menus carry is in this table and that the help lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from svdesk.ui.areas import AREAS


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as Qt's QKeySequence(...).toString() writes it ("Ctrl+Shift+S")
    does: str  # what it does, for the help
    action: str = ""  # the menu action carrying it ("" when a page or form handles the key)
    group: str = "General"


GENERAL: tuple[Shortcut, ...] = (
    Shortcut("Ctrl+N", "Make a new database", "New database"),
    Shortcut("Ctrl+O", "Open another database", "Open database"),
    Shortcut("Ctrl+Shift+S", "Save a copy of this database", "Save a copy"),
    Shortcut("Ctrl+Q", "Quit svdesk", "Quit"),
    Shortcut("F1", "Open the help, with its glossary", "svdesk help"),
    Shortcut("F5", "Show the latest data, with changes other people have saved", "Refresh"),
    Shortcut("Ctrl+Z", "Undo your last change to a record (this session)", "Undo", "Editing"),
    Shortcut("Ctrl+Shift+Z", "Redo what you undid (Ctrl+Y does too)", "Redo", "Editing"),
    Shortcut("Ctrl+X", "Cut the selected text", "Cut", "Editing"),
    Shortcut("Ctrl+C", "Copy the selected text, or the selected table rows", "Copy", "Editing"),
    Shortcut("Ctrl+V", "Paste", "Paste", "Editing"),
    Shortcut("Ctrl+A", "Select everything in the field or table", "Select all", "Editing"),
    Shortcut("Ctrl+F", "Search the table on this page", "", "Editing"),
    Shortcut("Delete", "Delete the selected record (svdesk asks first)", "", "Editing"),
    Shortcut("Ctrl+I", "Import spend (on Spend & suppliers)", "", "Records"),
    Shortcut("Enter", "Save a form, or open the selected row or card", "", "Forms"),
    Shortcut("Escape", "Close a form (svdesk asks first if you changed something)", "", "Forms"),
    Shortcut("Tab", "Move to the next field or control (Shift+Tab: back)", "", "Forms"),
    Shortcut("Space", "Press the focused button, tick a box, or open a card", "", "Forms"),
    Shortcut("Alt+Right", "Next question (in the self-assessment)", "", "Forms"),
    Shortcut("Alt+Left", "Previous question (in the self-assessment)", "", "Forms"),
)


def area_shortcuts() -> tuple[Shortcut, ...]:
    return tuple(
        Shortcut(a.shortcut, f"Go to {a.title}", a.title, "Go to an area") for a in AREAS if a.shortcut
    )


def all_shortcuts() -> tuple[Shortcut, ...]:
    return area_shortcuts() + GENERAL


def menu_keys(action: str) -> str:
    """The shortcut the table gives a menu action ("" if none)."""
    for shortcut in all_shortcuts():
        if shortcut.action == action:
            return shortcut.keys
    return ""
