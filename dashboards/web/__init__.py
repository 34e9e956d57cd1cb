"""The review dashboard: a small server-rendered Starlette app.

:func:`dashboards.web.app.create_app` builds it. Each request opens the
warehouse for a few milliseconds and closes it again, so the nightly flow can
always get in (see ``docs/architecture.md``).
"""
