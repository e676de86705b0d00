"""How each kind of record named in a figure's drill-down is opened (see record_links).

Registered in one place, imported by the drill-down dialog, so a record opens whichever areas
the user has visited so far: a person or an activity record in its edit dialog, an evidence
file in its details dialog, and a supplier as its spend lines on the Spend page.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from svdesk.ui.record_links import register_opener


def _store(parent: QWidget):
    """The store of the window the drill-down belongs to."""
    widget = parent
    while widget is not None:
        store = getattr(widget, "store", None)
        if store is not None:
            return store
        widget = widget.parentWidget()
    return None


def _gone(parent: QWidget, what: str) -> None:
    QMessageBox.information(
        parent, "Record not found", f"This {what} no longer exists or its details were erased."
    )


def _person(parent: QWidget, record_id: str):
    from svdesk.services.people import get_person
    from svdesk.ui.dialogs.person_dialog import PersonDialog

    store = _store(parent)
    person = get_person(store, int(record_id))
    if person is None or person.erased:
        return _gone(parent, "person's record")
    return PersonDialog(store, person, parent).exec()


def _activity(kind: str):
    def open_(parent: QWidget, record_id: str):
        from svdesk.services.activities import get_record
        from svdesk.ui.records.record_dialog import RecordDialog

        store = _store(parent)
        record = get_record(store, kind, int(record_id))
        if record is None:
            return _gone(parent, "record")
        return RecordDialog(store, kind, record, parent).exec()

    return open_


def _evidence(parent: QWidget, record_id: str):
    from svdesk.services.evidence import get_evidence
    from svdesk.ui.records.evidence_dialog import EvidenceDetailsDialog

    store = _store(parent)
    item = get_evidence(store, int(record_id))
    if item is None:
        return _gone(parent, "evidence file")
    return EvidenceDetailsDialog(store, item, parent).exec()


def main_window():
    for widget in QApplication.topLevelWidgets():
        if hasattr(widget, "show_area") and widget.isVisible():
            return widget
    return next((w for w in QApplication.topLevelWidgets() if hasattr(w, "show_area")), None)


def _supplier(parent: QWidget, record_id: str):
    """A supplier's spend lines, in Spend ▸ Spend lines (the drill-down closes to show them)."""
    from svdesk.services.spend_analysis import SpendQuery
    from svdesk.services.suppliers import get_supplier

    store = _store(parent)
    supplier = get_supplier(store, int(record_id))
    window = main_window()
    if supplier is None:
        return _gone(parent, "supplier")
    if window is None:
        return None
    if isinstance(parent.window(), QDialog):
        parent.window().reject()
    page = window.show_area("spend")
    page.drill(SpendQuery(supplier_id=supplier.id), f"Spend with {supplier.name}")
    return page


def register() -> None:
    from svdesk.services.activity_kinds import KINDS

    register_opener("person", _person)
    register_opener("evidence", _evidence)
    register_opener("supplier", _supplier)
    for kind in KINDS:
        register_opener(kind, _activity(kind))


register()
