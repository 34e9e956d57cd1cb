"""The case page, plus downloads made from it (drafted letter, evidence pack)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import duckdb
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from dashboards.web import csrf, integrations
from dashboards.web.case_view import case_view
from dashboards.web.messages import CASE_ERRORS, CASE_NOTICES
from dashboards.web.permissions import User
from dashboards.web.state import app_state, page, with_user
from schoolwatch.domain import ACTIONS, LABELS
from warehouse import audit
from warehouse import users as users_table
from warehouse.case_pages import case_detail

_CASE_ID = re.compile(r"^[0-9a-zA-Z_-]{1,64}$")


def checked_case_id(request: Request) -> str:
    case_id = request.path_params["case_id"]
    if not _CASE_ID.match(case_id):
        raise HTTPException(404)
    return case_id


def load_visible_case(con: duckdb.DuckDBPyConnection, user: User,
                      case_id: str) -> dict[str, Any]:
    """The case detail, or 404 when it does not exist or is another school's."""
    detail = case_detail(con, case_id)
    if detail is None or not user.may_see_school(detail["case"]["school_id"]):
        raise HTTPException(404)
    return detail


async def case_page(request: Request) -> Response:
    state = app_state(request)
    case_id = checked_case_id(request)

    def work(con: duckdb.DuckDBPyConnection, user: User) -> dict[str, Any]:
        detail = load_visible_case(con, user, case_id)
        view = case_view(detail, user)
        audit.log(con, user.username, "viewed_case", "case", case_id,
                  {"restricted": view["restricted"]})
        assignees = [u["username"] for u in users_table.list_users(con)
                     if not u["disabled"] and ("*" in u["schools"]
                                               or detail["case"]["school_id"] in u["schools"])]
        return {"user": user, "view": view, "detail": detail, "assignees": assignees}

    data = await with_user(request, work)
    view = data["view"]
    case = view["case"]
    drafts: list[integrations.Draft] = []
    if not view["restricted"]:
        drafts = integrations.drafts_for_case(state.config, case, data["detail"]["mentions"])
    return page(request, "case.html", {
        "user": data["user"], "view": view, "case": case, "drafts": drafts,
        "evidence_available": not view["restricted"],
        "assignees": data["assignees"], "labels": LABELS,
        "actions": [a for a in ACTIONS if a != "none"],
        "notice": CASE_NOTICES.get(request.query_params.get("notice", "")),
        "error": CASE_ERRORS.get(request.query_params.get("error", "")),
        "nav": "inbox"}, user=data["user"])


def _school(state: Any, school_id: str) -> Any:
    try:
        return state.config.school(school_id)
    except KeyError:
        return None


async def draft_download(request: Request) -> Response:
    """The (possibly edited) draft letter as a text file; the export is audit-logged."""
    state = app_state(request)
    case_id = checked_case_id(request)
    form = await request.form()
    csrf.verify_form(request, form, state.secret)
    text = str(form.get("text") or "")[:100_000]
    key = re.sub(r"[^a-z0-9-]+", "-", str(form.get("key") or "letter").lower())[:40] or "letter"

    def work(con: duckdb.DuckDBPyConnection, user: User) -> None:
        detail = load_visible_case(con, user, case_id)
        if not user.sees_details(bool(detail["case"]["safeguarding"])):
            raise HTTPException(404)
        audit.log(con, user.username, "exported_draft", "case", case_id,
                  {"draft": key, "characters": len(text)})

    await with_user(request, work)
    return Response(text.encode("utf-8", "replace"), media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{key}-{case_id}.txt"'})


async def evidence_download(request: Request) -> Response:
    """Build the case's self-contained evidence pack (HTML) and send it as a download."""
    state = app_state(request)
    case_id = checked_case_id(request)
    form = await request.form()
    csrf.verify_form(request, form, state.secret)

    def check(con: duckdb.DuckDBPyConnection, user: User) -> User:
        detail = load_visible_case(con, user, case_id)
        if not user.sees_details(bool(detail["case"]["safeguarding"])):
            raise HTTPException(404)
        return user

    user = await with_user(request, check)
    workdir = Path(tempfile.mkdtemp(prefix="schoolwatch-evidence-"))

    def build() -> Path:
        # The evidence writer opens the warehouse itself, in its own short sessions.
        with state.db.exclusive():
            return integrations.evidence_pack(state.config, case_id, workdir, user.username)

    produced = await run_in_threadpool(build)
    return FileResponse(produced, filename=produced.name,
                        background=BackgroundTask(shutil.rmtree, workdir, True))


routes = [
    Route("/cases/{case_id}", case_page, methods=["GET"]),
    Route("/cases/{case_id}/draft", draft_download, methods=["POST"]),
    Route("/cases/{case_id}/evidence", evidence_download, methods=["POST"]),
]
