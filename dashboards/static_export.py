"""A static HTML snapshot of the dashboard for a governors' meeting.

``export(config, out_dir) -> Path`` writes ``index.html`` (the cases),
``overview.html`` (the charts) and ``cases/<id>.html``: plain files that open
from a USB stick or an email with no server, no login and no JavaScript.
Each page carries its CSS inline and a CSP that forbids scripts.

It is for people outside the case work, so it shows less than the live
dashboard: safeguarding cases appear only as "a case exists", pupils' names
and personal data in posts are replaced by a label, authors' handles and
free-text staff notes are left out, and the access log is not included.
The export itself is audit-logged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from dashboards.web.case_view import case_view
from dashboards.web.overview_data import overview_context
from dashboards.web.permissions import User
from dashboards.web.rendering import StaticLinks, render, static_dir
from schoolwatch.config import Config
from warehouse import Warehouse, audit, case_digests
from warehouse.case_pages import case_detail
from warehouse.inbox import InboxQuery, inbox

# The snapshot's point of view: every school, no safeguarding details.
SNAPSHOT_VIEWER = User(username="governors-snapshot", role="trust", schools=None)
MAX_CASES = 500
OVERVIEW_DAYS = 90


def _base_context(config: Config, depth: int, generated_at: datetime,
                  css: Markup) -> dict[str, Any]:
    return {"user": None, "links": StaticLinks(depth), "csrf_token": "", "static_mode": True,
            "school_names": {s.id: s.name for s in config.schools}, "inline_css": css,
            "generated_at": generated_at, "notice": None, "error": None,
            "request_path": ""}


def export(config: Config, out_dir: Path, *, max_cases: int = MAX_CASES,
           actor: str = "static-export") -> Path:
    """Write the snapshot into ``out_dir``; returns the path of its ``index.html``."""
    out_dir = Path(out_dir)
    (out_dir / "cases").mkdir(parents=True, exist_ok=True)
    generated_at = datetime.now(UTC)
    css = Markup((Path(static_dir()) / "app.css").read_text(encoding="utf-8"))  # noqa: S704 - our own file
    warehouse = Warehouse(config.warehouse_path)
    with warehouse.write() as con:
        case_digests.refresh(con)
    with warehouse.read() as con:
        page = inbox(con, InboxQuery(status="all", page_size=max_cases,
                                     hide_safeguarding=True))
        overview = overview_context(con, None, {s.id: s.name for s in config.schools},
                                    OVERVIEW_DAYS, sees_safeguarding=False)
        details = [case_detail(con, c["case_id"]) for c in page.cases]
    for row in page.cases:  # the list shows safeguarding cases only as existing
        if row["safeguarding"]:
            row["first_post"] = None
    index = out_dir / "index.html"
    index.write_text(render("inbox.html", {
        **_base_context(config, 0, generated_at, css), "result": page, "nav": "inbox",
        "filters": {}, "statuses": (), "link_params": {}, "sources": [], "scope": [],
        "labels": ()}), encoding="utf-8")
    (out_dir / "overview.html").write_text(render("overview.html", {
        **_base_context(config, 0, generated_at, css), **overview, "periods": (),
        "nav": "overview"}), encoding="utf-8")
    written = 0
    for detail in details:
        if detail is None:
            continue
        view = case_view(detail, SNAPSHOT_VIEWER, redact=True)
        case = detail["case"]
        (out_dir / "cases" / f"{case['case_id']}.html").write_text(render("case.html", {
            **_base_context(config, 1, generated_at, css), "view": view, "case": case,
            "drafts": [], "evidence_available": False, "assignees": [], "labels": (),
            "actions": (), "nav": "inbox"}), encoding="utf-8")
        written += 1
    with warehouse.write() as con:
        audit.log(con, actor, "exported_snapshot", "snapshot", None,
                  {"cases": written, "out_dir": str(out_dir)})
    return index
