"""model.Chart as a reportlab.graphics drawing: bar or column charts with their values on them.

Same colour for the same thing everywhere (theme.SERIES), few series, labelled values, light
grid, a legend only when there is more than one series.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from svdesk.exports import model as m
from svdesk.exports import theme
from svdesk.exports.cell_text import short_value
from svdesk.exports.fonts import BOLD, REGULAR, register


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    import math

    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def wrap_label(text: str, width: int = 26, lines: int = 2) -> str:
    """A category label on at most `lines` lines of about `width` characters, broken between
    words; a label longer still ends "…" after a whole word, never in the middle of one."""
    words, out, line = str(text).split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width or not line:
            line = candidate
            continue
        out.append(line)
        line = word
        if len(out) == lines:
            break
    else:
        if line:
            out.append(line)
        return "\n".join(out)
    last = out[-1]
    while len(last) + 1 > width and " " in last:  # room for the ellipsis
        last = last.rsplit(" ", 1)[0]
    out[-1] = last.rstrip(",;:") + "…"
    return "\n".join(out)


def chart_drawing(chart: m.Chart, width: float, height: float | None = None) -> Drawing:
    register()
    n_cat = max(1, len(chart.categories))
    horizontal = chart.kind == "bar"
    if height is None:
        height = (
            max(150, 28 * n_cat * (len(chart.series) if not chart.stacked else 1) + 70) if horizontal else 210
        )
    legend_h = 22 if len(chart.series) > 1 else 0
    d = Drawing(width, height)
    d.add(
        String(0, height - 12, chart.title, fontName=BOLD, fontSize=10, fillColor=colors.HexColor(theme.TEXT))
    )
    bc = HorizontalBarChart() if horizontal else VerticalBarChart()
    names = [wrap_label(c) if horizontal else wrap_label(c, 12) for c in chart.categories]
    longest = max((len(line) for c in names for line in c.split("\n")), default=0)
    label_room = min(150, longest * 3.9 + 10) if horizontal else 40
    bc.x = label_room if horizontal else 44
    bc.y = 22 + legend_h if not horizontal else 12 + legend_h
    bc.width = width - bc.x - (40 if horizontal else 10)
    bc.height = height - bc.y - 28
    # reportlab draws horizontal bars bottom-up: reverse so the first category is at the top.
    order = (lambda seq: list(reversed(seq))) if horizontal else list
    bc.data = [order([v or 0 for v in s.values]) for s in chart.series]
    bc.categoryAxis.categoryNames = order(names)
    if chart.stacked:
        bc.categoryAxis.style = "stacked"
    totals = (
        [sum(vals) for vals in zip(*bc.data, strict=True)]
        if chart.stacked
        else [max(vals) for vals in zip(*bc.data, strict=True)]
    )
    top = _nice_max(max(totals) * 1.12 if totals else 1)
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueMax = top
    bc.valueAxis.valueStep = top / 4
    bc.valueAxis.labelTextFormat = lambda v: short_value(v, chart.unit)
    for axis in (bc.valueAxis, bc.categoryAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
        axis.labels.fillColor = colors.HexColor(theme.TEXT_MUTED)
        axis.strokeColor = colors.HexColor(theme.BORDER)
    bc.valueAxis.visibleGrid = True
    bc.valueAxis.gridStrokeColor = colors.HexColor("#edf0f2")
    bc.valueAxis.strokeWidth = 0
    if not horizontal and n_cat > 6:
        bc.categoryAxis.labels.angle = 30
        bc.categoryAxis.labels.boxAnchor = "ne"
    bc.barSpacing = 1
    bc.groupSpacing = 6 if n_cat > 8 else 10
    for i, s in enumerate(chart.series):
        fill = colors.HexColor(theme.colour(s.colour, i))
        bc.bars[i].fillColor = fill
        bc.bars[i].strokeColor = fill
    # Values on the bars, where they are readable (not on stacked or crowded charts).
    if not chart.stacked and n_cat * len(chart.series) <= 14:
        bc.barLabelFormat = lambda v: short_value(v, chart.unit) if v else ""
        bc.barLabels.fontName = REGULAR
        bc.barLabels.fontSize = 7
        bc.barLabels.fillColor = colors.HexColor(theme.TEXT)
        if horizontal:
            bc.barLabels.boxAnchor = "w"
            bc.barLabels.dx = 3
        else:
            bc.barLabels.boxAnchor = "s"
            bc.barLabels.dy = 2
    d.add(bc)
    if legend_h:
        legend = Legend()
        legend.x, legend.y = bc.x, 8
        legend.fontName = REGULAR
        legend.fontSize = 7.5
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 90
        legend.dxTextSpace = 4
        legend.colorNamePairs = [
            (colors.HexColor(theme.colour(s.colour, i)), s.name) for i, s in enumerate(chart.series)
        ]
        d.add(legend)
    return d
