"""A drop-down whose items stand for Python keys (None, True, ids, codes), kept in Python.

Why not QComboBox item data: with PySide6 6.12 on Python 3.11, every call that hands an invalid
QVariant back to Python as None (currentData() on an item whose data is None, or with no items)
drops a reference to None that was never taken; enough of them and the interpreter aborts with
"deallocating None". Keeping the keys in a Python list means Qt never converts None at all.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


class KeyedCombo(QComboBox):
    def __init__(self, options: dict, parent=None):
        super().__init__(parent)
        self._keys: list = []
        self.set_options(options)

    def set_options(self, options: dict) -> None:
        self.blockSignals(True)
        self.clear()
        self._keys = list(options)
        for text in options.values():
            self.addItem(str(text))
        self.blockSignals(False)

    def value(self):
        i = self.currentIndex()
        return self._keys[i] if 0 <= i < len(self._keys) else None

    def set_value(self, key) -> None:
        index = self.findData(key)
        self.setCurrentIndex(index if index >= 0 else 0)

    # The QComboBox names, answered from Python so existing helpers (set_combo) keep working.
    def currentData(self, role=None):  # noqa: N802
        return self.value()

    def findData(self, key, role=None, flags=None):  # noqa: N802
        for i, k in enumerate(self._keys):
            if k is key or (type(k) is type(key) and k == key):
                return i
        return -1

    def removeItem(self, index: int) -> None:  # noqa: N802
        super().removeItem(index)
        del self._keys[index]


def combo(options: dict) -> KeyedCombo:
    return KeyedCombo(options)


def set_combo(widget: KeyedCombo, key) -> None:
    widget.set_value(key)
