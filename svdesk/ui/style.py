"""One restrained palette and type scale for every screen (see shared UI guidance).

Colours: a deep teal for primary actions and the selected navigation item, neutral greys for
structure, and green/amber/red only for status, always paired with a word.
"""

from __future__ import annotations

# The palette lives in the core (svdesk/exports/theme.py) so printed documents and screens share
# one definition: the same thing is always the same colour.
from svdesk.exports.theme import (  # noqa: E402,F401
    BACKGROUND,
    BORDER,
    ERROR,
    PRIMARY,
    PRIMARY_DARK,
    PRIMARY_LIGHT,
    SERIES,
    STATUS,
    SURFACE,
    TEXT,
    TEXT_MUTED,
)
from svdesk.resources import resource_path  # noqa: E402

SPACING = 8
# Disabled controls: greyed, yet still readable (text over 4.5:1 on its background).
DISABLED_BG = "#e9ecef"
DISABLED_TEXT = "#5f6b76"
DISABLED_BORDER = "#c3cad1"


def _icon(name: str) -> str:
    """A shipped icon as a stylesheet url (forward slashes on every platform)."""
    return resource_path("icons", name).as_posix()


ARROW_DOWN, ARROW_UP = _icon("arrow-down.svg"), _icon("arrow-up.svg")
ARROW_DOWN_OFF, ARROW_UP_OFF = _icon("arrow-down-disabled.svg"), _icon("arrow-up-disabled.svg")

STYLESHEET = f"""
QWidget {{ color: {TEXT}; font-size: 14px; }}
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
#NavList {{ background: {SURFACE}; border: none; border-right: 1px solid {BORDER};
            padding: 8px 0; outline: 0; }}
#NavList::item {{ padding: 10px 16px; border-left: 4px solid transparent; }}
#NavList::item:selected {{ background: {PRIMARY_LIGHT}; color: {PRIMARY_DARK};
                          border-left: 4px solid {PRIMARY}; font-weight: 600; }}
#NavList::item:hover:!selected {{ background: {BACKGROUND}; }}
#NavBrand {{ font-size: 18px; font-weight: 700; color: {PRIMARY_DARK}; padding: 16px 16px 4px; }}
#NavOrg {{ color: {TEXT_MUTED}; padding: 0 16px 12px; font-size: 12px; }}
#PageTitle {{ font-size: 24px; font-weight: 600; }}
#PagePurpose {{ color: {TEXT_MUTED}; }}
#SectionTitle {{ font-size: 18px; font-weight: 600; }}
#Muted, QLabel[muted="true"] {{ color: {TEXT_MUTED}; }}
#HelpText {{ color: {TEXT_MUTED}; font-size: 12px; }}
#FieldError {{ color: {ERROR}; font-size: 12px; }}
#Card {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
#Card:focus {{ border: 2px solid {PRIMARY}; background: {PRIMARY_LIGHT}; }}
#CardValue {{ font-size: 24px; font-weight: 600; color: {PRIMARY_DARK}; }}
#CardLabel {{ color: {TEXT_MUTED}; font-size: 12px; }}
#EmptyState {{ background: {SURFACE}; border: 1px dashed {BORDER}; border-radius: 6px; }}
#EmptyTitle {{ font-size: 18px; font-weight: 600; }}
QPushButton {{ padding: 6px 14px; border: 1px solid {BORDER}; border-radius: 4px;
               background: {SURFACE}; min-height: 22px; }}
QPushButton:hover {{ background: {BACKGROUND}; }}
QPushButton:focus {{ border: 2px solid {PRIMARY}; }}
QPushButton[primary="true"] {{ background: {PRIMARY}; color: white; border: 1px solid {PRIMARY};
                               font-weight: 600; }}
QPushButton[primary="true"]:hover {{ background: {PRIMARY_DARK}; }}
QPushButton:disabled, QPushButton[primary="true"]:disabled {{
    background: {DISABLED_BG}; color: {DISABLED_TEXT}; border: 1px dashed {DISABLED_BORDER};
    font-weight: normal; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox {{
    padding: 4px 6px; border: 1px solid {BORDER}; border-radius: 4px; background: {SURFACE};
    min-height: 22px; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QComboBox:disabled,
QAbstractSpinBox:disabled {{ background: {DISABLED_BG}; color: {DISABLED_TEXT}; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
    width: 20px; border: none; border-left: 1px solid {BORDER}; background: transparent; }}
QComboBox::down-arrow {{ image: url({ARROW_DOWN}); width: 14px; height: 14px; }}
QComboBox::down-arrow:disabled {{ image: url({ARROW_DOWN_OFF}); }}
QComboBox QAbstractItemView {{ border: 1px solid {BORDER}; background: {SURFACE};
    selection-background-color: {PRIMARY_LIGHT}; selection-color: {TEXT}; outline: 0; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: padding;
    width: 22px; border: none; border-left: 1px solid {BORDER}; background: {BACKGROUND}; }}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 3px;
    border-bottom: 1px solid {BORDER}; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right;
    border-bottom-right-radius: 3px; }}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{
    background: {PRIMARY_LIGHT}; }}
QAbstractSpinBox::up-arrow {{ image: url({ARROW_UP}); width: 12px; height: 12px; }}
QAbstractSpinBox::down-arrow {{ image: url({ARROW_DOWN}); width: 12px; height: 12px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{
    image: url({ARROW_UP_OFF}); }}
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{
    image: url({ARROW_DOWN_OFF}); }}
QDateEdit::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
    width: 20px; border: none; border-left: 1px solid {BORDER}; }}
QDateEdit::down-arrow {{ image: url({ARROW_DOWN}); width: 14px; height: 14px; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{
    border: 2px solid {PRIMARY}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QDateEdit[invalid="true"], QDoubleSpinBox[invalid="true"] {{ border: 2px solid {ERROR}; }}
QListView, QTreeView, QTextBrowser {{ background: {SURFACE}; border: 1px solid {BORDER}; }}
QListView::item:selected {{ background: {PRIMARY_LIGHT}; color: {TEXT}; }}
QTableView {{ background: {SURFACE}; border: 1px solid {BORDER}; gridline-color: #edf0f2;
              selection-background-color: {PRIMARY_LIGHT}; selection-color: {TEXT}; }}
QHeaderView::section {{ background: {BACKGROUND}; border: none; border-bottom: 1px solid {BORDER};
                        padding: 6px 8px; font-weight: 600; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: {SURFACE}; }}
QGroupBox {{ font-weight: 600; border: 1px solid {BORDER}; border-radius: 6px;
             margin-top: 12px; padding: 12px 8px 8px; background: {SURFACE}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
"""
