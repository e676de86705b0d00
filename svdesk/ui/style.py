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

SPACING = 8

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
QPushButton[primary="true"]:disabled {{ background: #9fb9bd; border-color: #9fb9bd; }}
QPushButton:disabled {{ color: #9aa5b1; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit {{
    padding: 4px 6px; border: 1px solid {BORDER}; border-radius: 4px; background: {SURFACE};
    min-height: 22px; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus,
QDateEdit:focus {{ border: 2px solid {PRIMARY}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QDateEdit[invalid="true"], QDoubleSpinBox[invalid="true"] {{ border: 2px solid {ERROR}; }}
QTableView {{ background: {SURFACE}; border: 1px solid {BORDER}; gridline-color: #edf0f2;
              selection-background-color: {PRIMARY_LIGHT}; selection-color: {TEXT}; }}
QHeaderView::section {{ background: {BACKGROUND}; border: none; border-bottom: 1px solid {BORDER};
                        padding: 6px 8px; font-weight: 600; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: {SURFACE}; }}
QGroupBox {{ font-weight: 600; border: 1px solid {BORDER}; border-radius: 6px;
             margin-top: 12px; padding: 12px 8px 8px; background: {SURFACE}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
"""
