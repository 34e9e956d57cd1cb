"""A trivial liveness check for monitoring (and the benchmark's baseline); shows no data."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


routes = [Route("/healthz", healthz, methods=["GET"])]
