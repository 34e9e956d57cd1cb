"""Builds the overview page's charts from warehouse aggregates (shared with the snapshot)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import duckdb
from markupsafe import Markup

from dashboards.web.charts import data_table, line_chart
from dashboards.web.rendering import LABEL_NAMES
from warehouse import overview, sources


def _series(rows: Sequence[Mapping[str, Any]], key: str, axis: Sequence[date],
            names: Mapping[str, str], axis_field: str = "day") -> dict[str, list[int]]:
    position = {d: i for i, d in enumerate(axis)}
    series: dict[str, list[int]] = {}
    for row in rows:
        name = names.get(row[key], row[key])
        values = series.setdefault(name, [0] * len(axis))
        index = position.get(row[axis_field])
        if index is not None:
            values[index] += int(row["n"])
    return dict(sorted(series.items()))


# Label series only safeguarding readers see: counts of them would tell others
# what the restricted cases hold.
SAFEGUARDING_LABELS: tuple[str, ...] = ("safeguarding", "identifies_pupil")


def overview_context(con: duckdb.DuckDBPyConnection, schools: Sequence[str] | None,
                     school_names: Mapping[str, str], days: int,
                     today: date | None = None,
                     sees_safeguarding: bool = True) -> dict[str, Any]:
    """Charts (as SVG markup), tables and source health for the last ``days`` days."""
    today = today or date.today()
    since = today - timedelta(days=days - 1)
    axis = [since + timedelta(days=i) for i in range(days)]
    per_school = _series(overview.mentions_per_day_per_school(con, since, schools),
                         "school_id", axis, school_names)
    label_rows = [row for row in overview.mentions_per_day_per_label(con, since, schools)
                  if sees_safeguarding or row["label"] not in SAFEGUARDING_LABELS]
    per_label = _series(label_rows, "label", axis, LABEL_NAMES)
    weekly = overview.criticism_vs_abuse(con, since, schools)
    weeks = [row["week"] for row in weekly]
    tone = {"Civil criticism": [int(r["criticism"]) for r in weekly],
            "Abuse, threats, hate": [int(r["abuse"]) for r in weekly]}
    charts: list[dict[str, Markup | str]] = [
        {"title": "Mentions per day, by school",
         "svg": line_chart("Mentions per day, by school", axis, per_school, chart_id="c1"),
         "table": data_table(axis, per_school)},
        {"title": "Mentions per day, by label",
         "svg": line_chart("Mentions per day, by label", axis, per_label, chart_id="c2"),
         "table": data_table(axis, per_label)},
        {"title": "Criticism against abuse, per week",
         "svg": line_chart("Criticism against abuse, per week", weeks, tone, chart_id="c3")
         if weeks else line_chart("", [], {}, chart_id="c3"),
         "table": data_table(weeks, tone)},
    ]
    return {"charts": charts, "totals": overview.totals(con, schools),
            "health": sources.health(con), "days": days, "since": since, "today": today}
