"""Guard against a Qt binding that leaks references to None.

PySide6 6.12.0 on Python 3.11 drops a reference to None each time Qt hands back an empty value
(QComboBox.currentData() on an item without data, index.data() for an unset role); after enough
calls Python aborts with "deallocating None". requirements.lock pins 6.11.3, which does not.
"""

import sys

from PySide6.QtWidgets import QComboBox


def test_empty_qt_values_do_not_leak_references_to_none(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Not set", None)
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert combo.currentData() is None
    assert abs(sys.getrefcount(None) - before) < 100
