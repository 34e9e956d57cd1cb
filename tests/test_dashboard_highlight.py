"""Span highlighting and SVG charts: escaped piece by piece, never by marking up raw text."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import escape

from dashboards.web.charts import line_chart
from dashboards.web.highlight import highlight, locate_spans


def test_spans_are_highlighted_at_their_offsets():
    text = "Mr Tom Hollis rang 07700 900123."
    html = str(highlight(text, [
        {"kind": "staff_name", "start": 3, "end": 13, "text": "Tom Hollis"},
        {"kind": "phone", "start": 19, "end": 31, "text": "07700 900123"}]))
    assert '<mark class="hl hl-staff" title="Member of staff">Tom Hollis</mark>' in html
    assert '<mark class="hl hl-personal" title="Personal data">07700 900123</mark>' in html
    assert html.startswith("Mr ") and html.endswith(".")


def test_hostile_text_inside_and_around_spans_is_escaped():
    name = "<img src=x onerror=alert(1)>"
    text = f"<script>x</script> {name} & more"
    start = text.index(name)
    html = str(highlight(text, [{"kind": "pupil_name", "start": start,
                                 "end": start + len(name), "text": name}]))
    assert "<script>" not in html and "<img" not in html
    assert str(escape(name)) in html and "&amp; more" in html
    assert html.count("<mark") == 1


def test_offsets_that_do_not_fit_fall_back_to_finding_the_text():
    # Offsets computed on "title + body" do not fit the body alone.
    body = "Ask Priya Marchbank. Priya Marchbank knows."
    spans = [{"kind": "staff_name", "start": 40, "end": 55, "text": "Priya Marchbank"}]
    assert locate_spans(body, spans) == [(4, 19, "staff_name"), (21, 36, "staff_name")]


def test_overlapping_and_invalid_spans_are_resolved():
    text = "Jane Example-Smith"
    spans = [{"kind": "staff", "start": 0, "end": 12, "text": "Jane Example"},
             {"kind": "pupil", "start": 5, "end": 18, "text": "Example-Smith"},
             {"kind": "x", "start": -3, "end": 99, "text": ""},
             {"kind": "y", "start": "0", "end": None, "text": None}]
    assert locate_spans(text, spans) == [(0, 12, "staff")]


def test_redaction_replaces_pupils_and_personal_data_but_not_staff():
    text = "Lily in 9B, call 07700 900123, says Mr Tom Hollis."
    spans = [{"kind": "pupil_name", "start": 0, "end": 4, "text": "Lily"},
             {"kind": "phone", "start": 17, "end": 29, "text": "07700 900123"},
             {"kind": "staff_name", "start": 39, "end": 49, "text": "Tom Hollis"}]
    html = str(highlight(text, spans, redact=True))
    assert "Lily" not in html and "07700" not in html
    assert "[pupil removed]" in html and "[personal data removed]" in html
    assert ">Tom Hollis</mark>" in html


def test_chart_escapes_series_names_and_scales_axis():
    days = [date(2025, 3, 1) + timedelta(days=i) for i in range(5)]
    svg = str(line_chart("Per <school>", days, {"<script>alert(1)</script>": [0, 3, 7, 2, 0]},
                         chart_id="t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<circle") == 3  # zero days get no dot
    assert ">10</text>" in svg  # the axis rounds 7 up to 10
    assert "Per &lt;school&gt;" in svg
