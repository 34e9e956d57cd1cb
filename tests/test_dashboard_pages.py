"""Inbox, case page and overview as a headteacher sees them, against a seeded DuckDB file."""

from __future__ import annotations

from pathlib import Path

from dashboards.web.state import WebSettings
from tests import dashboard_fixtures
from tests.dashboard_fixtures import app_db, csrf_token, login, make_client
from tests.dashboard_seed import seed
from warehouse import audit

seeded = dashboard_fixtures.seeded
client = dashboard_fixtures.client


def _case_order(html: str, seeded) -> list[str]:
    positions = {name: html.find(f"/cases/{cid}") for name, cid in seeded.case_ids.items()}
    return [n for n, p in sorted(positions.items(), key=lambda kv: kv[1]) if p >= 0]


def test_inbox_lists_most_severe_first_with_counts(client, seeded):
    login(client, "admin.all")
    html = client.get("/").text
    order = _case_order(html, seeded)
    assert set(order) == {"abusive", "xss", "safeguarding", "threat", "criticism"}
    assert order.index("threat") < order.index("abusive") < order.index("xss") \
        < order.index("criticism")
    assert 'Open <span class="count">5</span>' in html
    assert "Gareth Pennywell at Beech Hill" in html or "Beech Hill Primary teacher" in html


def test_inbox_filters(client, seeded):
    login(client, "admin.all")
    def names(query: str) -> set[str]:
        return set(_case_order(client.get(f"/?{query}").text, seeded))
    assert names("school=cooper-school") == {"safeguarding", "threat"}
    assert names("label=threat") == {"threat"}
    assert names("source=reddit") == {"safeguarding", "threat"}
    assert names("q=useless+bully") == {"abusive"}
    assert names("q=ANGRY_DAD") == {"abusive"}  # author, case-insensitive
    assert names("q=%25%25") == set()  # LIKE wildcards are searched literally
    assert names("q=%3C%25%3D") == {"xss"}  # "<%=" is in the hostile post
    assert names("status=dismissed") == set()
    assert names("from=2000-01-01&to=2000-01-02") == set()
    assert names("school=not-a-school") == names("")  # unknown values are ignored


def test_inbox_paginates(tmp_path: Path):
    seeded_many = seed(tmp_path, fillers=7)
    with make_client(seeded_many, WebSettings(page_size=5)) as c:
        login(c, "admin.all")
        first, second, third = (c.get(f"/?page={n}").text for n in (1, 2, 3))
        assert "Page 1 of 3" in first and 'rel="next"' in first
        assert "Page 3 of 3" in third
        ids = [set(_case_order(h, seeded_many)) for h in (first, second, third)]
        assert sum(len(s) for s in ids) == 12 and not (ids[0] & ids[1])


def test_case_page_shows_evidence_and_highlights(client, seeded):
    login(client, "admin.all")
    case_id = seeded.case_ids["abusive"]
    html = client.get(f"/cases/{case_id}").text
    assert '<mark class="hl hl-staff" title="Member of staff">Gareth Pennywell</mark>' in html
    assert "4.2 Parents should raise concerns with the school." in html
    assert "Ask the parent to remove the post" in html  # the recommended action, in words
    assert 'href="https://news.example/abusive-1" rel="noopener noreferrer nofollow"' in html
    with app_db(client) as con:
        sha = con.execute("SELECT content_sha256 FROM raw_mentions WHERE mention_id = ?",
                          [seeded.mention_ids["abusive"]]).fetchone()[0]
    assert sha in html
    # The id `schoolwatch privacy hold --mention ID` asks for is on the page.
    assert f"<dt>Post id</dt><dd><code>{seeded.mention_ids['abusive']}</code></dd>" in html
    assert "91%" in html  # label scores
    with app_db(client) as con:
        entries = audit.entries(con, object_type="case", object_id=case_id)
    assert entries[0]["action"] == "viewed_case" and entries[0]["actor"] == "admin.all"


def test_overview_draws_svg_charts_and_source_health(client, seeded):
    login(client, "admin.all")
    html = client.get("/overview").text
    assert html.count('<svg class="chart"') == 3
    assert "Beech Hill Community Primary School" in html  # a series per school
    assert "Reddit r/Luton" in html and "HTTP 503" in html  # failing source shown
    assert "Local news comments" in html
    assert client.get("/overview?days=9999").status_code == 200


def test_drafted_letters_are_editable_and_downloadable(client, seeded):
    login(client, "admin.all")
    case_id = seeded.case_ids["abusive"]
    html = client.get(f"/cases/{case_id}").text
    assert "Removal request to the parent" in html  # the real drafts for request_removal
    assert "Beech Hill Community Primary School" in html
    assert 'data-copy-target="draft-1"' in html
    response = client.post(f"/cases/{case_id}/draft", data={
        "csrf_token": csrf_token(client), "key": "removal_request", "text": "Edited letter"})
    assert response.status_code == 200
    assert response.content == b"Edited letter"
    assert "attachment" in response.headers["content-disposition"]
    with app_db(client) as con:
        actions = [e["action"] for e in audit.entries(con, object_type="case", object_id=case_id)]
    assert "exported_draft" in actions


def test_evidence_pack_downloads_as_one_html_file(client, seeded):
    login(client, "admin.all")
    case_id = seeded.case_ids["abusive"]
    assert "Download evidence pack" in client.get(f"/cases/{case_id}").text
    response = client.post(f"/cases/{case_id}/evidence", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    body = response.content.decode("utf-8")
    assert case_id in body and "SHA-256" in body
    assert "<script" not in body.lower()
    with app_db(client) as con:
        actions = [e["action"] for e in audit.entries(con, object_type="case", object_id=case_id)]
    assert "export" in actions or "exported_evidence" in actions


def test_inbox_rows_say_when_the_latest_post_was_made(client, seeded):
    """Not when the system last touched the case: staff judge urgency by the post."""
    from dashboards.web.rendering import format_time
    from warehouse import inbox

    login(client, "admin.all")
    html = client.get("/").text
    with app_db(client) as con:
        rows = [{"case_id": seeded.case_ids["threat"]}]
        inbox._attach_previews(con, rows)  # what the page itself uses
    assert f"Latest post {format_time(rows[0]['last_seen_at'])}" in html
    assert "<span>Active " not in html
