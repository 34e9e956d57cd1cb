"""Login, logout, session expiry, rate limiting and password hashing of the dashboard."""

from __future__ import annotations

import os
import stat
import time
from datetime import timedelta

import pytest

from dashboards.web.auth import SESSION_COOKIE, SessionSettings
from dashboards.web.passwords import hash_password, password_problem, verify_password
from dashboards.web.secret_key import load_secret_key
from dashboards.web.state import WebSettings
from schoolwatch.errors import SchoolwatchError
from schoolwatch.privacy import keys as privacy_keys
from schoolwatch.privacy.keys import key_file_for
from tests import dashboard_fixtures
from tests.dashboard_fixtures import app_db, csrf_token, login, make_client
from tests.dashboard_seed import PASSWORD
from warehouse import audit, users

seeded = dashboard_fixtures.seeded
client = dashboard_fixtures.client


def test_no_page_shows_data_without_login(client, seeded):
    paths = ["/", "/overview", f"/cases/{seeded.case_ids['abusive']}",
             "/?q=Pennywell", f"/cases/{seeded.case_ids['safeguarding']}"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
        assert "Pennywell" not in response.text and "Lily" not in response.text
    login_page = client.get("/login")
    assert login_page.status_code == 200
    assert 'name="username"' in login_page.text and 'name="password"' in login_page.text


def test_login_redirects_back_and_sets_a_safe_cookie(client, seeded):
    target = f"/cases/{seeded.case_ids['abusive']}"
    first = client.get(target)
    assert first.headers["location"] == f"/login?next=%2Fcases%2F{seeded.case_ids['abusive']}"
    response = client.post("/login", data={"username": "harriet.head", "password": PASSWORD,
                                           "csrf_token": csrf_token(client), "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == target
    cookie = response.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get(target).status_code == 200


def test_login_never_redirects_to_another_site(client):
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post("/login", data={"username": "harriet.head", "password": PASSWORD,
                                               "csrf_token": csrf_token(client), "next": evil})
        assert response.headers["location"] == "/"
        client.cookies.delete(SESSION_COOKIE)


def test_wrong_password_is_refused_and_audited(client, seeded):
    response = client.post("/login", data={"username": "harriet.head", "password": "nope nope",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 401
    assert "do not match" in response.text
    assert client.get("/").status_code == 303
    with app_db(client) as con:
        actions = [e["action"] for e in audit.entries(con, object_type="user")]
    assert "login_failed" in actions


def test_disabled_account_cannot_log_in(client, seeded):
    with app_db(client) as con:
        users.set_disabled(con, "harriet.head", True)
    response = client.post("/login", data={"username": "harriet.head", "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 401


def test_login_is_rate_limited_per_username_and_address(seeded):
    settings = WebSettings(login_max_failures=3, login_window_seconds=60)
    with make_client(seeded, settings) as c:
        for _ in range(3):
            r = c.post("/login", data={"username": "harriet.head", "password": "bad guess 1",
                                       "csrf_token": csrf_token(c)})
            assert r.status_code == 401
        blocked = c.post("/login", data={"username": "harriet.head", "password": PASSWORD,
                                         "csrf_token": csrf_token(c)})
        assert blocked.status_code == 429
        assert "Too many failed attempts" in blocked.text
        assert int(blocked.headers["retry-after"]) > 0
        assert SESSION_COOKIE not in blocked.headers.get("set-cookie", "")
        # Another account from the same address is not locked out by these failures.
        login(c, "dara.dsl")


def test_logout_ends_the_session_on_the_server(client):
    login(client, "harriet.head")
    stolen = client.cookies.get(SESSION_COOKIE)
    response = client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    assert client.get("/").status_code == 303
    client.cookies.set(SESSION_COOKIE, stolen)  # replaying the old cookie does not work
    assert client.get("/").status_code == 303


def test_forged_session_cookie_is_ignored(client):
    login(client, "harriet.head")
    token = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, token.split(".")[0] + ".forged")
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("which", ["lifetime", "idle"])
def test_sessions_expire(seeded, which):
    sessions = (SessionSettings(lifetime=timedelta(seconds=1)) if which == "lifetime"
                else SessionSettings(idle_timeout=timedelta(seconds=1)))
    with make_client(seeded, WebSettings(sessions=sessions)) as c:
        login(c, "harriet.head")
        assert c.get("/").status_code == 200
        time.sleep(1.3)
        expired = c.get("/")
        assert expired.status_code == 303
        assert expired.headers["location"].startswith("/login")


def test_password_hashes_are_slow_salted_scrypt():
    first, second = hash_password("a long passphrase"), hash_password("a long passphrase")
    assert first.startswith("scrypt$32768$8$1$") and first != second
    assert verify_password("a long passphrase", first)
    assert not verify_password("a long passphrase!", first)
    assert not verify_password("anything", None)
    assert not verify_password("anything", "garbage")
    assert password_problem("short") is not None
    assert password_problem("long enough pass") is None


def test_signing_key_derives_from_the_install_key_and_refuses_a_shared_file(tmp_path):
    warehouse = tmp_path / "data" / "w.duckdb"
    key = load_secret_key(warehouse, environ={})
    path = key_file_for(warehouse)  # one key file per install, shared with the privacy code
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key(warehouse, environ={}) == key and len(key) >= 32
    install_key = privacy_keys.load_secret_key(warehouse, {})
    assert key == privacy_keys.derive_key(install_key, "dashboard-cookies") != install_key
    assert not (warehouse.parent / ".schoolwatch-secret").exists()
    os.chmod(path, 0o644)
    with pytest.raises(SchoolwatchError, match="chmod 600"):
        load_secret_key(warehouse, environ={})
    with pytest.raises(SchoolwatchError, match="too short"):
        load_secret_key(warehouse, environ={"SCHOOLWATCH_SECRET_KEY": "short"})
    from_env = load_secret_key(warehouse, environ={"SCHOOLWATCH_SECRET_KEY": "k" * 40})
    assert from_env == privacy_keys.derive_key(b"k" * 40, "dashboard-cookies")
