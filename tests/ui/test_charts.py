from PySide6.QtGui import QColor

from svdesk.ui import style
from svdesk.ui.charts import Bar, BarChart, ColumnChart, ColumnData, Series


def test_bar_chart_draws_each_bar_to_scale(qtbot):
    chart = BarChart(
        [Bar("Local employment", 80, "80.0%"), Bar("Environment", 20, "20.0%")],
        maximum=100,
        title="Score by section",
    )
    qtbot.addWidget(chart)
    chart.resize(600, chart.sizeHint().height())
    image = chart.grab().toImage()
    assert "Local employment: 80.0%" in chart.accessibleDescription()
    # Sample the middle of each bar's row: the long bar is coloured further right than the short.
    row_y = [28 + 5 + 11, 28 + 5 + 32 + 11]
    primary = QColor(style.PRIMARY).rgb()
    filled = [sum(1 for x in range(image.width()) if image.pixel(x, y) == primary) for y in row_y]
    assert filled[0] > 3 * filled[1] > 0


def test_column_chart_stacks_series_and_describes_totals(qtbot):
    data = ColumnData(
        ["Apr", "May"],
        [
            Series("Local", [1000, 0], style.SERIES["local"]),
            Series("Other", [500, 250], style.SERIES["other"]),
        ],
    )
    chart = ColumnChart(title="Spend by month")
    chart.set_data(data)
    qtbot.addWidget(chart)
    chart.resize(400, 260)
    assert chart.accessibleDescription() == "Apr: 1,500; May: 250"
    image = chart.grab().toImage()
    local = QColor(style.SERIES["local"]).rgb()
    assert any(image.pixel(x, y) == local for x in range(0, 200) for y in range(40, 230, 3))
