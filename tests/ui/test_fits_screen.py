"""Every page fits the window's smallest size, 1024x680 (issue 20.4): no label is cut off (it is
as wide as it needs, wraps, or ends in "…" with the whole text as its tooltip), a page that is
taller than the window scrolls rather than squeezing, and the dashboard's cards, charts and
"Needs attention" list do not lie over one another."""

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from svdesk.ui import tasks
from svdesk.ui.areas import AREAS
from svdesk.ui.main_window import MainWindow


def _settle(qtbot):
    tasks.wait_for_done(30_000)
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)


def clipped_labels(page: QWidget) -> list[str]:
    """The visible labels on the page whose text does not fit their width."""
    found = []
    for lab in page.findChildren(QLabel):
        if not lab.isVisibleTo(page) or not lab.text():
            continue
        if lab.wordWrap():
            need = lab.heightForWidth(lab.width())
            if need > lab.height() + 1:
                found.append(f"{lab.text()[:60]!r} wraps to {need} px high, has {lab.height()}")
            continue
        if lab.text().rstrip().endswith("…") and lab.toolTip():
            continue  # cut short on purpose, the whole of it in the tooltip
        if lab.pixmap() is not None and not lab.pixmap().isNull():
            continue
        hint = lab.sizeHint()
        if hint.width() > lab.width() or hint.height() > lab.height() + 1:
            found.append(
                f"{lab.text()[:60]!r} needs {hint.width()}x{hint.height()} px, "
                f"has {lab.width()}x{lab.height()}"
            )
    return found


def _window(qtbot, store, size=(1024, 680)):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_no_label_is_cut_off_on_any_page_at_1024x680(qtbot, demo_store):
    window = _window(qtbot, demo_store)
    problems = {}
    for area in AREAS:
        page = window.show_area(area.key)
        _settle(qtbot)
        cut = clipped_labels(page)
        if cut:
            problems[area.key] = cut
    assert window.width() == 1024 and window.height() == 680
    assert problems == {}


def test_a_page_scrolls_rather_than_squeezing_in_a_small_window(qtbot, demo_store):
    window = _window(qtbot, demo_store)
    page = window.show_area("dashboard")
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    _settle(qtbot)
    bar = page.page_scroll.verticalScrollBar()
    assert bar.maximum() > 0, "the dashboard is taller than 680 px: it should scroll"
    assert not page.page_scroll.horizontalScrollBar().isVisible(), "it scrolls sideways"
    for card in page.cards.values():
        assert card.height() >= card.minimumSizeHint().height()
        assert card.value_label.height() >= card.value_label.sizeHint().height(), (
            "a headline figure is cut in half"
        )


def _overlaps(widgets: dict[str, QWidget], base: QWidget) -> list[str]:
    rects = {
        name: QRect(w.mapTo(base, w.rect().topLeft()), w.size())
        for name, w in widgets.items()
        if w.isVisibleTo(base)
    }
    names = sorted(rects)
    return [
        f"{a} over {b}" for i, a in enumerate(names) for b in names[i + 1 :] if rects[a].intersects(rects[b])
    ]


def test_dashboard_widgets_do_not_overlap(qtbot, demo_store):
    for size in ((1024, 680), (1280, 720)):
        window = _window(qtbot, demo_store, size)
        page = window.show_area("dashboard")
        qtbot.waitUntil(lambda page=page: page.data is not None, timeout=30_000)
        _settle(qtbot)
        widgets = {f"card {k}": c for k, c in page.cards.items()}
        widgets.update(
            {
                "commitments chart": page.commit_chart,
                "spend chart": page.spend_chart,
                "needs attention": page.attention,
            }
        )
        assert _overlaps(widgets, page) == [], size
        # the charts are shown whole: as tall as their bars need
        for chart in (page.commit_chart, page.spend_chart):
            assert chart.height() >= chart.sizeHint().height(), size
        assert page.attention.height() >= 80, size
        window.close()


def test_tables_show_their_last_column_at_1280_px(qtbot, demo_store):
    from PySide6.QtWidgets import QTableView

    window = _window(qtbot, demo_store, (1280, 720))
    hidden = []
    for area in AREAS:
        page = window.show_area(area.key)
        _settle(qtbot)
        for table in page.findChildren(QTableView):
            if table.isVisibleTo(page) and table.horizontalScrollBar().maximum() > 0:
                hidden.append(f"{area.key}: {table.accessibleName()}")
    assert hidden == []


def test_no_page_scrolls_sideways_at_1024x680(qtbot, demo_store):
    window = _window(qtbot, demo_store)
    sideways = []
    for area in AREAS:
        page = window.show_area(area.key)
        _settle(qtbot)
        if page.page_scroll.horizontalScrollBar().maximum() > 0:
            sideways.append(area.key)
    assert sideways == []
