"""The governors' snapshot: self-contained HTML, no scripts, safeguarding details removed."""

from __future__ import annotations

import re

from markupsafe import escape

from dashboards.static_export import export
from schoolwatch.cli.main import main as cli_main
from tests import dashboard_fixtures
from warehouse import Warehouse, audit

seeded = dashboard_fixtures.seeded


def test_snapshot_pages_are_self_contained_and_redacted(seeded, tmp_path):
    out = tmp_path / "snapshot"
    index = export(seeded.config, out)
    assert index == out / "index.html"
    pages = [index, out / "overview.html", *sorted((out / "cases").glob("*.html"))]
    assert len(pages) == 2 + len(seeded.case_ids)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html.replace("&lt;script", "")
        assert "<style>" in html and 'rel="stylesheet"' not in html  # CSS inline
        assert "script-src" not in html and "default-src 'none'" in html
        assert re.search(r"""(href|src)=["'](https?:)?//""", html) is None  # nothing remote
        assert "Lily Example-Pupil" not in html and "07700 900123" not in html
        assert "logout" not in html.lower() and "csrf_token" not in html
    inbox = index.read_text(encoding="utf-8")
    assert f'href="cases/{seeded.case_ids["abusive"]}.html"' in inbox
    assert "only the Designated Safeguarding Lead" in inbox
    safeguarding = (out / "cases" / f"{seeded.case_ids['safeguarding']}.html").read_text()
    assert "A safeguarding case exists" in safeguarding and "worried_neighbour" not in safeguarding
    abusive = (out / "cases" / f"{seeded.case_ids['abusive']}.html").read_text()
    assert "Gareth Pennywell" in abusive  # staff names stay: the post is about them
    assert "angry_dad_77" not in abusive  # authors' handles do not
    assert 'href="../index.html"' in abusive
    xss = (out / "cases" / f"{seeded.case_ids['xss']}.html").read_text()
    assert str(escape("<script>alert('xss1')</script>")) in xss
    assert '<svg class="chart"' in (out / "overview.html").read_text()
    with Warehouse(seeded.warehouse_path).read() as con:
        assert audit.entries(con, object_type="snapshot")[0]["action"] == "exported_snapshot"


def test_snapshot_command(seeded, tmp_path, capsys):
    out = tmp_path / "governors"
    assert cli_main(["export", "static", "--config", str(seeded.config.path), "--out", str(out)]) == 0
    assert (out / "index.html").exists() and (out / "overview.html").exists()
    assert "index.html" in capsys.readouterr().err
