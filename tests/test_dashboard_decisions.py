"""Decisions on cases: stored with who and when, audit-logged, and exported as labelled data."""

from __future__ import annotations

import io
import json

from dashboards.corrections import export_corrections, write_rows
from schoolwatch.cli.main import main as cli_main
from tests import dashboard_fixtures
from tests.dashboard_fixtures import app_db, decide, login
from warehouse import Warehouse, audit, cases

seeded = dashboard_fixtures.seeded
client = dashboard_fixtures.client


def _case(client, case_id):
    with app_db(client) as con:
        return cases.get(con, case_id)


def _decisions(client, case_id):
    with app_db(client) as con:
        rows = con.execute("SELECT actor, decision, detail FROM decisions WHERE case_id = ?"
                           " ORDER BY decided_at", [case_id]).fetchall()
    return [(a, d, json.loads(detail)) for a, d, detail in rows]


def test_dismiss_as_false_positive_leaves_the_inbox_and_becomes_labelled_data(client, seeded):
    login(client, "harriet.head")
    case_id = seeded.case_ids["abusive"]
    response = decide(client, case_id, "dismiss", wrong_labels=["abusive"], note="Fair comment")
    assert response.status_code == 303 and response.headers["location"] == "/?notice=dismissed"
    inbox = client.get("/?notice=dismissed").text
    assert f"/cases/{case_id}" not in inbox and "has left the open inbox" in inbox
    assert f"/cases/{case_id}" in client.get("/?status=dismissed").text
    case = _case(client, case_id)
    assert case["status"] == "dismissed" and case["closed_at"] is not None
    actor, decision, detail = _decisions(client, case_id)[-1]
    assert (actor, decision) == ("harriet.head", "dismiss")
    assert detail["wrong_labels"] == ["abusive"] and detail["note"] == "Fair comment"
    with app_db(client) as con:
        assert audit.entries(con, object_id=case_id)[0]["action"] == "case_dismiss"
    client.app.state.schoolwatch.db.close()
    out = io.StringIO()
    assert export_corrections(Warehouse(seeded.warehouse_path), out) == 1
    row = json.loads(out.getvalue())
    assert row["predicted_labels"] == ["abusive", "names_staff"]
    assert row["labels"] == ["names_staff"] and row["wrong_labels"] == ["abusive"]
    assert "useless bully" in row["text"] and row["decision"] == "dismiss"


def test_dismissing_with_no_label_ticked_is_not_a_correction(client, seeded):
    """"No action needed" must not teach the classifier that its labels were wrong."""
    login(client, "harriet.head")
    case_id = seeded.case_ids["abusive"]
    assert decide(client, case_id, "dismiss").status_code == 303
    assert _case(client, case_id)["status"] == "dismissed"
    assert _decisions(client, case_id)[-1][2].get("wrong_labels") == []
    client.app.state.schoolwatch.db.close()
    assert export_corrections(Warehouse(seeded.warehouse_path), io.StringIO()) == 0


def test_full_lifecycle_of_decisions(client, seeded):
    login(client, "harriet.head")
    case_id = seeded.case_ids["abusive"]
    assert decide(client, case_id, "confirm").headers["location"].endswith("notice=confirm")
    assert _case(client, case_id)["status"] == "confirmed"
    bad = decide(client, case_id, "action", action="launch_missiles")
    assert "error=bad_action" in bad.headers["location"]
    assert decide(client, case_id, "action", action="report_platform").status_code == 303
    assert _case(client, case_id)["status"] == "actioned"
    assert decide(client, case_id, "assign", assignee="dara.dsl").status_code == 303
    assert _case(client, case_id)["assigned_to"] == "dara.dsl"
    nobody = decide(client, case_id, "assign", assignee="trudy.trust")  # not a Beech Hill user
    assert "error=bad_assignee" in nobody.headers["location"]
    assert decide(client, case_id, "note", note="Parent phoned back").status_code == 303
    assert "error=empty_note" in decide(client, case_id, "note", note="  ").headers["location"]
    assert decide(client, case_id, "resolve").headers["location"] == "/?notice=resolved"
    conflict = decide(client, case_id, "confirm")  # already resolved
    assert "error=conflict" in conflict.headers["location"]
    page = client.get(conflict.headers["location"]).text
    assert "The case changed meanwhile" in page
    assert decide(client, case_id, "reopen").status_code == 303
    assert _case(client, case_id)["status"] == "new"
    decided = [d for _, d, _ in _decisions(client, case_id)]
    assert decided == ["confirm", "action", "assign", "note", "resolve", "reopen"]
    history = client.get(f"/cases/{case_id}").text
    assert "Parent phoned back" in history and "report_platform" in history


def test_label_corrections_and_reopened_dismissals_in_the_export(client, seeded):
    login(client, "admin.all")
    threat, abusive = seeded.case_ids["threat"], seeded.case_ids["abusive"]
    assert "error=no_labels" in decide(client, threat, "correct").headers["location"]
    decide(client, threat, "correct", missing_labels=["abusive"], wrong_labels=["threat"])
    decide(client, abusive, "dismiss")  # no label chosen: all the case's labels were wrong
    decide(client, abusive, "reopen")  # ...then taken back: left out of the export
    client.app.state.schoolwatch.db.close()
    rows = []
    out = io.StringIO()
    export_corrections(Warehouse(seeded.warehouse_path), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["case_id"], r["decision"]) for r in rows] == [(threat, "correct")]
    assert rows[0]["labels"] == ["abusive"] and rows[0]["missing_labels"] == ["abusive"]


def test_corrections_cli_writes_jsonl_and_csv(client, seeded, tmp_path, capsys):
    login(client, "harriet.head")
    decide(client, seeded.case_ids["abusive"], "dismiss", wrong_labels=["names_staff"])
    client.app.state.schoolwatch.db.close()
    config = str(seeded.config.path)
    out = tmp_path / "corrections.jsonl"
    assert cli_main(["export", "corrections", "--config", config, "--output", str(out)]) == 0
    row = json.loads(out.read_text().splitlines()[0])
    assert row["labels"] == ["abusive"]
    assert cli_main(["export", "corrections", "--config", config, "--format", "csv"]) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0].startswith("decision_id,decision,")
    assert "abusive|names_staff" in csv_text


def test_write_rows_rejects_unknown_format():
    try:
        write_rows([], io.StringIO(), "xml")
    except ValueError as exc:
        assert "jsonl" in str(exc)
    else:
        raise AssertionError("expected ValueError")
