"""The inbox: cases for the user's schools, most severe first, with filters and search."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboards.web.messages import INBOX_NOTICES
from dashboards.web.permissions import User
from dashboards.web.state import app_state, page, with_user
from schoolwatch.domain import CASE_STATUSES, LABELS
from warehouse import audit
from warehouse.inbox import InboxQuery, inbox, sources

STATUS_CHOICES: tuple[str, ...] = ("open", *CASE_STATUSES, "all")


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1


def parse_filters(params: Any, user: User, configured: list[str]) -> dict[str, Any]:
    """The inbox filters from the query string, with anything invalid dropped."""
    scope = user.school_scope(configured)
    school = params.get("school") or None
    label = params.get("label") or None
    status = params.get("status") or "open"
    return {
        "school": school if school in scope else None,
        "label": label if label in LABELS else None,
        "source": (params.get("source") or "")[:40] or None,
        "status": status if status in STATUS_CHOICES else "open",
        "date_from": _date(params.get("from")),
        "date_to": _date(params.get("to")),
        "text": (params.get("q") or "").strip()[:200] or None,
        "page": _page_number(params.get("page")),
    }


async def inbox_page(request: Request) -> Response:
    state = app_state(request)
    configured = [s.id for s in state.config.schools]

    def work(con: duckdb.DuckDBPyConnection, user: User) -> dict[str, Any]:
        filters = parse_filters(request.query_params, user, configured)
        query = InboxQuery(
            schools=None if user.schools is None else user.school_scope(configured),
            hide_safeguarding=not user.sees_safeguarding,
            page_size=state.settings.page_size, **filters)
        state.refresh_digests_if_due(con)
        result = inbox(con, query)
        audit.log(con, user.username, "viewed_inbox", "inbox", None,
                  {k: str(v) for k, v in filters.items() if v is not None})
        return {"user": user, "filters": filters, "result": result,
                "sources": sources(con), "scope": user.school_scope(configured)}

    data = await with_user(request, work)
    filters = data["filters"]
    link_params = {"school": filters["school"], "label": filters["label"],
                   "source": filters["source"], "status": filters["status"],
                   "from": filters["date_from"].isoformat() if filters["date_from"] else None,
                   "to": filters["date_to"].isoformat() if filters["date_to"] else None,
                   "q": filters["text"]}
    return page(request, "inbox.html", {
        **data, "labels": LABELS, "statuses": STATUS_CHOICES, "link_params": link_params,
        "notice": INBOX_NOTICES.get(request.query_params.get("notice", "")),
        "nav": "inbox"}, user=data["user"])


routes = [Route("/", inbox_page, methods=["GET"])]
