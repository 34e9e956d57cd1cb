"""Pytest fixtures for the dashboard tests (imported by each tests/test_dashboard_*.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from dashboards.web.app import create_app
from dashboards.web.state import WebSettings
from tests.dashboard_seed import PASSWORD, Seeded, seed

SECRET = b"test-secret-key-for-the-dashboard-tests-0123456789"


@pytest.fixture
def seeded(tmp_path: Path) -> Seeded:
    """A fresh warehouse with users and cases (see tests/dashboard_seed.py)."""
    return seed(tmp_path)


def make_client(seeded: Seeded, settings: WebSettings | None = None) -> TestClient:
    app = create_app(seeded.config, settings=settings or WebSettings(), secret=SECRET)
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


@pytest.fixture
def client(seeded: Seeded) -> Iterator[TestClient]:
    """A test client (not logged in) on the seeded warehouse."""
    with make_client(seeded) as test_client:
        yield test_client


def app_db(client: TestClient):
    """A warehouse session through the app's own connection (the app may hold the file)."""
    return client.app.state.schoolwatch.db.session()


def csrf_token(client: TestClient) -> str:
    """The CSRF token, fetching the login page first if no cookie is set yet."""
    token = client.cookies.get("sw_csrf")
    if not token:
        client.get("/login")
        token = client.cookies.get("sw_csrf")
    assert token
    return token


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form; fails the test if it does not work."""
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": csrf_token(client), "next": "/"})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"


def decide(client: TestClient, case_id: str, decision: str, **fields: object):
    """Post a decision form as the browser would."""
    data: dict[str, object] = {"decision": decision, "csrf_token": csrf_token(client), **fields}
    return client.post(f"/cases/{case_id}/decide", data=data)
