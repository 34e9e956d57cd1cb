"""The overview: trends per school and label, criticism against abuse, source health."""

from __future__ import annotations

from typing import Any

import duckdb
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboards.web.overview_data import overview_context
from dashboards.web.permissions import User
from dashboards.web.state import app_state, page, with_user
from warehouse import audit

PERIODS = (14, 30, 90, 365)


async def overview_page(request: Request) -> Response:
    state = app_state(request)
    configured = [s.id for s in state.config.schools]
    try:
        days = int(request.query_params.get("days", "30"))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30

    def work(con: duckdb.DuckDBPyConnection, user: User) -> dict[str, Any]:
        scope = None if user.schools is None else user.school_scope(configured)
        context = overview_context(con, scope, state.school_names, days,
                                   sees_safeguarding=user.sees_details(True))
        audit.log(con, user.username, "viewed_overview", "overview", None, {"days": days})
        return {"user": user, **context}

    data = await with_user(request, work)
    return page(request, "overview.html", {**data, "periods": PERIODS, "nav": "overview"},
                user=data["user"])


routes = [Route("/overview", overview_page, methods=["GET"])]
