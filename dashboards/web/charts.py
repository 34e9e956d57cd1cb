"""Small line charts drawn as inline SVG on the server (no JavaScript, no CDN).

Every piece of text placed in the SVG is escaped; colours come from CSS
classes (``series-0`` ...) so the strict Content-Security-Policy holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup

WIDTH = 720
HEIGHT = 220
_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 44, 12, 14, 28
MAX_SERIES_COLOURS = 9


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value``."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for multiple in (1, 2, 2.5, 5, 10):
        top = int(multiple * step)
        if top >= value:
            return top
    return value


def line_chart(title: str, days: Sequence[date], series: Mapping[str, Sequence[int]],
               *, chart_id: str) -> Markup:
    """A multi-line chart with axes, a legend and a tooltip per point."""
    if not days or not series:
        return Markup('<p class="empty">No data for this period.</p>')
    plot_w = WIDTH - _PAD_LEFT - _PAD_RIGHT
    plot_h = HEIGHT - _PAD_TOP - _PAD_BOTTOM
    top = _nice_max(max((max(v) for v in series.values() if v), default=0))
    step_x = plot_w / max(1, len(days) - 1)

    def x(i: int) -> float:
        return round(_PAD_LEFT + i * step_x, 1)

    def y(v: int) -> float:
        return round(_PAD_TOP + plot_h - (v / top) * plot_h, 1)

    parts: list[Markup] = [Markup(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{cid}-t">'
        '<title id="{cid}-t">{title}</title>').format(w=WIDTH, h=HEIGHT, cid=chart_id,
                                                     title=title)]
    for fraction in (0, 0.5, 1):
        value = round(top * fraction)
        parts.append(Markup(
            '<line class="grid" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}"></line>'
            '<text class="axis" x="{tx}" y="{ty}" text-anchor="end">{v}</text>').format(
            x1=_PAD_LEFT, x2=WIDTH - _PAD_RIGHT, y=y(value), tx=_PAD_LEFT - 6,
            ty=y(value) + 4, v=value))
    label_indexes = sorted({0, len(days) // 2, len(days) - 1})
    for i in label_indexes:
        anchor = "start" if i == 0 else "end" if i == len(days) - 1 else "middle"
        parts.append(Markup('<text class="axis" x="{x}" y="{y}" text-anchor="{a}">{d}</text>')
                     .format(x=x(i), y=HEIGHT - 8, a=anchor, d=days[i].strftime("%d %b")))
    for n, (name, values) in enumerate(series.items()):
        css = f"series-{n % MAX_SERIES_COLOURS}"
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))
        parts.append(Markup('<polyline class="line {c}" points="{p}"></polyline>').format(
            c=css, p=points))
        for i, v in enumerate(values):
            if v:
                parts.append(Markup(
                    '<circle class="dot {c}" cx="{x}" cy="{y}" r="2.5">'
                    '<title>{name}, {d}: {v}</title></circle>').format(
                    c=css, x=x(i), y=y(v), name=name, d=days[i].strftime("%d %b %Y"), v=v))
    parts.append(Markup("</svg>"))
    legend = Markup("").join(
        Markup('<li><span class="swatch series-{n}"></span>{name} ({total})</li>').format(
            n=n % MAX_SERIES_COLOURS, name=name, total=sum(values))
        for n, (name, values) in enumerate(series.items()))
    return Markup('<figure class="chart-figure">{svg}<ul class="legend">{legend}</ul>'
                  '</figure>').format(svg=Markup("").join(parts), legend=legend)


def data_table(days: Sequence[date], series: Mapping[str, Sequence[int]]) -> Markup:
    """The chart's numbers as a table (for screen readers and for copying)."""
    head = Markup("").join(Markup("<th>{}</th>").format(name) for name in series)
    body = Markup("").join(
        Markup("<tr><td>{d}</td>{cells}</tr>").format(
            d=day.isoformat(),
            cells=Markup("").join(Markup("<td>{}</td>").format(values[i])
                                  for values in series.values()))
        for i, day in enumerate(days))
    return Markup('<table class="data"><thead><tr><th>Day</th>{head}</tr></thead>'
                  "<tbody>{body}</tbody></table>").format(head=head, body=body)
