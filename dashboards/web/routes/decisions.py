"""Staff decisions on a case: confirm, dismiss, action, resolve, reopen, assign, note, correct.

Each is checked against the user's role, stored with who and when
(``warehouse.review.apply_decision``) and audit-logged in the same transaction.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import duckdb
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dashboards.web import csrf
from dashboards.web.messages import CASE_ERRORS
from dashboards.web.permissions import User
from dashboards.web.routes.cases import checked_case_id
from dashboards.web.state import app_state, with_user
from schoolwatch.domain import ACTIONS, LABELS
from warehouse import users as users_table
from warehouse.case_pages import case_school
from warehouse.review import DecisionError, apply_decision

MAX_NOTE = 5000


class _Rejected(Exception):  # noqa: N818 - control flow
    def __init__(self, code: str) -> None:
        self.code = code


def _labels(form: FormData, field: str) -> list[str]:
    return sorted({v for v in form.getlist(field) if isinstance(v, str) and v in LABELS})


def decision_detail(form: FormData, decision: str, assignees: list[str]) -> dict[str, Any]:
    """The stored detail of a decision, validated; raises _Rejected with an error code."""
    note = str(form.get("note") or "").strip()[:MAX_NOTE]
    detail: dict[str, Any] = {"note": note} if note else {}
    if decision == "dismiss":
        # The labels staff say were wrong (a false alarm). None ticked means "no action
        # needed" with the labels right: nothing for the classifier to learn from.
        detail["wrong_labels"] = _labels(form, "wrong_labels")
    elif decision == "correct":
        wrong, missing = _labels(form, "wrong_labels"), _labels(form, "missing_labels")
        if not wrong and not missing:
            raise _Rejected("no_labels")
        detail.update(wrong_labels=wrong, missing_labels=missing)
        mention_id = str(form.get("mention_id") or "")
        if mention_id:
            detail["mention_id"] = mention_id[:64]
    elif decision == "action":
        action = str(form.get("action") or "")
        if action not in ACTIONS or action == "none":
            raise _Rejected("bad_action")
        detail["action"] = action
    elif decision == "assign":
        assignee = str(form.get("assignee") or "")
        if assignee and assignee not in assignees:
            raise _Rejected("bad_assignee")
        detail["assignee"] = assignee or None
    elif decision == "note" and not note:
        raise _Rejected("empty_note")
    return detail


async def decide(request: Request) -> Response:
    state = app_state(request)
    case_id = checked_case_id(request)
    form = await request.form()
    csrf.verify_form(request, form, state.secret)
    decision = str(form.get("decision") or "")

    def work(con: duckdb.DuckDBPyConnection, user: User) -> str | None:
        found = case_school(con, case_id)
        if found is None or not user.may_see_school(found[0]):
            raise HTTPException(404)
        school_id, safeguarding = found
        if decision not in user.allowed_decisions(safeguarding):
            raise _Rejected("not_allowed")
        assignees = [u["username"] for u in users_table.list_users(con)
                     if not u["disabled"] and ("*" in u["schools"] or school_id in u["schools"])]
        detail = decision_detail(form, decision, assignees)
        try:
            apply_decision(con, case_id, user.username, decision, detail)
        except DecisionError as exc:
            raise _Rejected("conflict") from exc
        return None

    try:
        await with_user(request, work)
    except _Rejected as rejected:
        status = 403 if rejected.code == "not_allowed" else 303
        if status == 403:
            raise HTTPException(403, CASE_ERRORS[rejected.code]) from None
        query = urlencode({"error": rejected.code})
        return RedirectResponse(f"/cases/{case_id}?{query}#decide", status_code=303)
    closed = {"dismiss": "dismissed", "resolve": "resolved"}
    if decision in closed:
        return RedirectResponse(f"/?notice={closed[decision]}", status_code=303)
    return RedirectResponse(f"/cases/{case_id}?notice={decision}", status_code=303)


routes = [Route("/cases/{case_id}/decide", decide, methods=["POST"])]
