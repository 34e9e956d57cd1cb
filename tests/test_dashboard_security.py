"""Security of the dashboard: headers, CSRF on every form, hostile posts rendered as text."""

from __future__ import annotations

import re

from markupsafe import escape
from starlette.routing import Route

from tests import dashboard_fixtures
from tests.dashboard_fixtures import csrf_token, login
from tests.dashboard_seed import XSS_PAYLOADS

seeded = dashboard_fixtures.seeded
client = dashboard_fixtures.client


def test_every_response_has_strict_security_headers(client, seeded):
    login(client, "admin.all")
    for path in ["/login", "/", "/overview", f"/cases/{seeded.case_ids['xss']}",
                 "/static/app.css", "/no-such-page"]:
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp
        assert "object-src 'none'" in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert client.get("/").headers["cache-control"] == "no-store"


def test_pages_contain_no_inline_script_or_style(client, seeded):
    login(client, "admin.all")
    for path in ["/", "/overview", f"/cases/{seeded.case_ids['abusive']}"]:
        html = client.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], path
        assert " style=" not in html and "<style" not in html, path
        assert re.search(r"\son[a-z]+=", html) is None, path


def _post_routes(app) -> list[str]:
    paths = []
    for route in app.routes:
        if isinstance(route, Route) and "POST" in (route.methods or ()):
            paths.append(route.path.replace("{case_id}", "CASE"))
    return paths


def test_every_form_post_is_refused_without_a_csrf_token(client, seeded):
    login(client, "admin.all")
    case_id = seeded.case_ids["abusive"]
    posts = _post_routes(client.app)
    assert {"/login", "/logout", "/cases/CASE/decide"} <= set(posts)
    for path in posts:
        url = path.replace("CASE", case_id)
        for token in (None, "forged.token", csrf_token(client) + "x"):
            data = {"decision": "note", "note": "csrf test", "username": "admin.all",
                    "password": "x"}
            if token is not None:
                data["csrf_token"] = token
            response = client.post(url, data=data)
            assert response.status_code == 403, (url, token)
    # Still logged in (logout was refused) and nothing was decided.
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200 and "csrf test" not in page.text


def test_cross_site_posts_are_refused_even_with_a_token(client, seeded):
    login(client, "admin.all")
    url = f"/cases/{seeded.case_ids['abusive']}/decide"
    data = {"decision": "note", "note": "cross site", "csrf_token": csrf_token(client)}
    refused = client.post(url, data=data, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403 and "another website" in refused.text
    refused = client.post(url, data=data, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    accepted = client.post(url, data=data, headers={"Sec-Fetch-Site": "same-origin",
                                                    "Origin": "http://testserver"})
    assert accepted.status_code == 303


def test_xss_payloads_render_as_text_on_case_page_and_inbox(client, seeded):
    login(client, "admin.all")
    case_html = client.get(f"/cases/{seeded.case_ids['xss']}").text
    inbox_html = client.get("/?q=Beech+Hill+school+post").text
    for payload in XSS_PAYLOADS:
        assert str(escape(payload)) in case_html, payload
    for html in (case_html, inbox_html):
        assert "<script>alert" not in html
        assert re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", html) is None  # no event handler
        assert "<img src=x" not in html and "<svg/onload" not in html
        assert "<iframe" not in html and "<details open ontoggle" not in html
    # The title and the author were hostile too.
    assert str(escape("<b>bold</b><script>alert('title')</script>")) in case_html
    assert str(escape("<img src=x onerror=alert('author')>")) in case_html
    # A javascript: address is shown as "not a web address", never linked.
    assert 'href="javascript:' not in case_html.lower()
    assert "not a web address" in case_html


def test_unknown_case_ids_are_not_found(client):
    login(client, "admin.all")
    for case_id in ("0000000000000000", "../../etc/passwd", "%3Cscript%3E"):
        response = client.get(f"/cases/{case_id}")
        assert response.status_code == 404
        assert "<script" not in response.text.replace('<script src="/static/app.js"', "")
