"""Subject access and erasure, through the functions and through the CLI."""

from __future__ import annotations

import csv
import html
import json
import stat
from email.message import EmailMessage
from pathlib import Path

import pytest
from privacy_support import (
    KEY,
    T0,
    close_case,
    days,
    item,
    make_config,
    open_case,
    store,
    table_count,
)

from schoolwatch.cli.main import main
from schoolwatch.privacy.pseudonyms import pseudonym_for
from schoolwatch.privacy.subjects import (
    SubjectRequestError,
    _quoted,
    erase_subject,
    export_subject,
    find_subject,
)
from warehouse import Warehouse, audit, cases, holds, mentions
from warehouse.retention import apply_retention

HOSTILE = '<script>alert("x")</script> Beech Hill Primary'
# Someone else's post, quoted in the same alert as the requester's: never in their pack.
OTHER_POST = "Mr Grey drives the blue Golf AB12 CDE, parks it by the bins"
NAMING_POST = "Beech Hill Primary: Mrs Imogen  Feathersby shouted, says u/WorriedParent42"
FOOTER = ("You get this alert as a safeguarding or headteacher contact for Beech Hill "
          "Community Primary School. Each case alerts you once.")


def _email(to: str, subject: str, body: str) -> str:
    """A multipart/alternative message like the ones schoolwatch stores (text and HTML)."""
    message = EmailMessage()
    message["To"], message["Subject"], message["From"] = to, subject, "sw@school.example"
    message.set_content(body, cte="quoted-printable")
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines())
    message.add_alternative(f"<!DOCTYPE html><html><body>{paragraphs}</body></html>",
                            subtype="html", cte="quoted-printable")
    return message.as_string()


ALERT_BODY = f"""schoolwatch URGENT ALERT - Beech Hill Community Primary School
* Beech Hill: Contact the police [urgent: abusive language]
  "{HOSTILE}"
  by WorriedParent42 on Reddit
* Beech Hill: Contact the police [urgent: personal data]
  "{OTHER_POST}"
  by Neighbour on Reddit
* Beech Hill: Needs a decision [names staff]
  "{NAMING_POST}"
  by Bystander on Reddit
Post by WorriedParent42 needs a look = now
--
{FOOTER}
"""


@pytest.fixture
def seeded(tmp_path: Path):
    """Posts by 'WorriedParent42', one naming 'Imogen Feathersby', a case, a note, an email."""
    config = make_config(tmp_path)
    wh = Warehouse(config.warehouse_path)
    with wh.write() as con:
        by_them = store(con, item("a1", HOSTILE, author="WorriedParent42"), ["beech-hill"],
                        ["abusive"])
        old_by_them = store(con, item("a2", "Beech Hill Primary meh",
                                      author="worriedparent42"), ["beech-hill"])
        cases.mark_triaged(con, [(old_by_them, "beech-hill")])
        naming = store(con, item("n1", NAMING_POST, author="Bystander"),
                       ["beech-hill"], ["names_staff"])
        unrelated = store(con, item("z1", "Beech Hill Primary fete was fun", author="Other"),
                          ["beech-hill"])
        case_id = open_case(con, "beech-hill", [by_them, naming], "thread-1")
        cases.record_decision(con, case_id, "office", "note",
                              {"text": "Spoke to Imogen Feathersby about it"})
        con.execute("INSERT INTO outbox (message_id, kind, recipient, subject, message,"
                    " case_id, status, created_at) VALUES (?, 'alert', ?, ?, ?, ?, 'sent', ?)",
                    ["msg-1", "office@beechhill.example", "Urgent: Beech Hill",
                     _email("office@beechhill.example", "Urgent", ALERT_BODY), case_id, T0])
    # Settle the old post so its author is pseudonymised before the request comes in.
    with wh.write() as con:
        apply_retention(con, config, T0 + days(1), key=KEY)
        assert mentions.get(con, old_by_them)["author"] == pseudonym_for("WorriedParent42", KEY)
    return {"config": config, "wh": wh, "by_them": by_them, "old": old_by_them,
            "naming": naming, "unrelated": unrelated, "case": case_id}


def test_find_by_handle_includes_pseudonymised_posts(seeded):
    with seeded["wh"].write() as con:
        record = find_subject(con, KEY, handle="u/WorriedParent42")
    assert {m["mention_id"] for m in record.authored} == {seeded["by_them"], seeded["old"]}
    assert [m["mention_id"] for m in record.named_in] == [seeded["naming"]]
    assert [c["case_id"] for c in record.cases] == [seeded["case"]]
    assert [e["message_id"] for e in record.emails] == ["msg-1"]
    assert record.reference == pseudonym_for("WorriedParent42", KEY)


def test_find_by_name_matches_words_not_fragments(seeded):
    with seeded["wh"].write() as con:
        record = find_subject(con, KEY, name="imogen feathersby")
        assert find_subject(con, KEY, name="Imogen Feathers").counts()["posts_naming_them"] == 0
    assert [m["mention_id"] for m in record.named_in] == [seeded["naming"]]
    assert "Imogen  Feathersby" in record.named_in[0]["found"][0]
    assert [d["why"] for d in record.decisions] == [["case", "names_them"]]


def test_find_by_full_name_also_finds_title_and_surname(seeded):
    """Parents write "Mrs Feathersby" far more often than her full name."""
    titled = item("t1", "Beech Hill Primary: Mrs. Feathersby was lovely at parents' evening",
                  author="Other")
    road = item("t2", "Beech Hill Primary bus stops on Feathersby Lane now", author="Other")
    with seeded["wh"].write() as con:
        mentions.insert_raw(con, [titled, road])
        record = find_subject(con, KEY, name="Imogen Feathersby")
    found = {m["mention_id"] for m in record.named_in}
    assert titled.mention_id in found and seeded["naming"] in found
    assert road.mention_id not in found  # the surname alone is not the person


def test_request_needs_exactly_one_of_handle_or_name(seeded):
    with seeded["wh"].write() as con, pytest.raises(SubjectRequestError):
        find_subject(con, KEY, handle="x", name="y")


def test_subject_access_export_contents(seeded, tmp_path):
    with seeded["wh"].write() as con:
        record = find_subject(con, KEY, handle="WorriedParent42", actor="dpo")
        paths = export_subject(con, record, tmp_path / "sar", actor="dpo")
        logged = [e["action"] for e in audit.entries(con, "subject", record.reference)]
    assert logged == ["privacy.export", "privacy.find"]
    json_path, html_path, csv_path = paths
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert {m["body"] for m in data["posts_by_them"]} == {HOSTILE, "Beech Hill Primary meh"}
    assert data["counts"]["emails"] == 1
    assert data["emails"][0]["their_posts_quoted"] == [
        {"mention_id": seeded["by_them"], "url": "https://forum.example/a1",
         "quoted": [HOSTILE]}]
    page = html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert {r["section"] for r in rows} >= {"post by them", "post naming them", "case", "email"}
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The handle itself is not written to the audit log.
    with seeded["wh"].read() as con:
        assert "WorriedParent42".lower() not in json.dumps(audit.export_rows(con),
                                                           default=str).lower()


def test_pack_describes_emails_without_other_peoples_posts(seeded, tmp_path):
    """An email that quoted the requester's post goes into the pack as its date, kind,
    recipient's role and the requester's own words: not the email, not anyone else's post."""
    with seeded["wh"].write() as con:
        record = find_subject(con, KEY, handle="WorriedParent42", actor="dpo")
        paths = export_subject(con, record, tmp_path / "sar", actor="dpo")
    files = {path.suffix: path.read_text(encoding="utf-8") for path in paths}
    entry = json.loads(files[".json"])["emails"][0]
    assert entry["kind"] == "urgent alert"
    assert entry["date"].startswith("2024-01-10T09:00:00")
    # Without the config, the role the email's own footer gave its reader.
    assert entry["sent_to"] == ("a safeguarding or headteacher contact for Beech Hill "
                                "Community Primary School")
    assert entry["their_posts_quoted"] == [{"mention_id": seeded["by_them"],
                                            "url": "https://forum.example/a1",
                                            "quoted": [HOSTILE]}]
    # The bystander's post naming them is only referred to here (it is listed in full
    # under posts naming them).
    assert entry["posts_naming_them_quoted"] == [{"mention_id": seeded["naming"],
                                                  "url": "https://forum.example/n1"}]
    email_rows = [r for r in csv.DictReader(files[".csv"].splitlines(keepends=True))
                  if r["section"] == "email"]
    assert len(email_rows) == 1 and "https://forum.example/n1" in email_rows[0]["text"]
    assert "shouted" not in email_rows[0]["text"] and "Bystander" not in email_rows[0]["text"]
    assert set(entry) == {"date", "kind", "sent_to", "status", "case_id", "why",
                          "their_posts_quoted", "posts_naming_them_quoted"}
    page = files[".html"]
    assert html.escape(HOSTILE) in page and "<script>" not in page
    assert "Urgent alert" in page and "2024-01-10 09:00:00" in page
    for text in files.values():
        assert "Golf AB12 CDE" not in text and "Mr Grey" not in text  # another's post
        assert "Neighbour" not in text  # its author
        assert "needs a look" not in text  # the rest of the email's body
        # Nothing of the stored message: headers, encoding or its HTML source.
        for raw in ("Content-Transfer-Encoding", "quoted-printable", "MIME-Version",
                    "sw@school.example", "DOCTYPE", "&lt;p&gt;", "<p>Beech"):
            assert raw not in text
        assert "office@beechhill.example" not in text


def test_pack_names_email_recipients_by_role_from_the_config(seeded):
    with seeded["wh"].write() as con:
        record = find_subject(con, KEY, handle="WorriedParent42", config=seeded["config"])
    assert [e["sent_to"] for e in record.emails] == [
        "the school office of Beech Hill Community Primary School"]


def test_pack_quotes_only_the_requesters_own_words_from_an_email():
    post = "I am cross about the " + "very " * 80 + "long queue at the gate"
    email_text = f'"{post[:250]}..." by WorriedParent42\n"{OTHER_POST}" by Neighbour'
    quoted = _quoted(post, email_text)
    assert quoted is not None and quoted.endswith("...")
    assert post.startswith(quoted.removesuffix("...")) and "Grey" not in quoted
    assert _quoted(post, f'"{OTHER_POST}"') is None
    assert _quoted(HOSTILE, f'"{HOSTILE}" and "{OTHER_POST}"') == HOSTILE
    assert _quoted("lol", '"lollipop"') is None and _quoted("lol", 'said "lol"') == "lol"


def test_erasure_removes_everything_and_is_logged(seeded):
    wh = seeded["wh"]
    with wh.write() as con:
        record = find_subject(con, KEY, handle="WorriedParent42", actor="dpo")
        report = erase_subject(con, record, actor="dpo")
    assert report["deleted"]["mentions"] == 3
    assert report["deleted"]["cases"] == 1
    with wh.read() as con:
        for key in ("by_them", "old", "naming"):
            assert mentions.get(con, seeded[key]) is None
        assert mentions.get(con, seeded["unrelated"]) is not None
        assert cases.get(con, seeded["case"]) is None
        assert table_count(con, "outbox") == 0 and table_count(con, "decisions") == 0
        dump = json.dumps(con.execute("SELECT * FROM raw_mentions").fetchall(), default=str)
        assert "worriedparent42" not in dump.lower()
        entry = audit.entries(con, "subject", record.reference)[0]
        assert entry["action"] == "privacy.erase" and entry["actor"] == "dpo"
        assert entry["detail"]["deleted"]["mentions"] == 3
    with wh.write() as con:
        # Gone for good: the same posts offered again are not stored again.
        assert mentions.insert_raw(con, [item("a1", HOSTILE, author="WorriedParent42")]) == []
        assert find_subject(con, KEY, handle="WorriedParent42").mention_ids() == []


def test_erasure_reaches_a_copy_stored_but_not_yet_linked(seeded):
    """The same post by another route, stored while the match stage has not run yet."""
    wh = seeded["wh"]
    original = item("a1", HOSTILE, author="WorriedParent42")
    # Same title, text and captured record, by another source: a copy by content.
    copy = item("a1-copy", HOSTILE, author=None, source="feed", raw=dict(original.raw))
    assert copy.content_sha256 == original.content_sha256
    with wh.write() as con:
        assert mentions.insert_raw(con, [copy]) == [copy.mention_id]  # stored, no link
        record = find_subject(con, KEY, handle="WorriedParent42", actor="dpo")
        erase_subject(con, record, actor="dpo")
    with wh.read() as con:
        assert mentions.get(con, copy.mention_id) is None


def test_erasure_withholds_what_is_on_hold_and_says_why(seeded):
    wh = seeded["wh"]
    with wh.write() as con:
        holds.place(con, "case", seeded["case"], "police reference 77", "head")
        record = find_subject(con, KEY, handle="WorriedParent42")
        report = erase_subject(con, record, actor="dpo")
    assert report["deleted"]["mentions"] == 1  # only the post outside the held case
    withheld = {(w["kind"], w["id"]): w["reason"] for w in report["withheld"]}
    assert "police reference 77" in withheld[("mention", seeded["by_them"])]
    assert ("email", "msg-1") in withheld
    with wh.read() as con:
        assert mentions.get(con, seeded["by_them"]) is not None
        assert cases.get(con, seeded["case"]) is not None
        assert mentions.get(con, seeded["old"]) is None


def test_cli_find_export_erase_and_audit_export(seeded, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SCHOOLWATCH_SECRET_KEY", KEY.decode())
    config_path = str(seeded["config"].path)
    assert main(["privacy", "find", "--config", config_path, "--handle", "WorriedParent42"]) == 0
    assert "posts by them: 2" in capsys.readouterr().out
    out_dir = tmp_path / "pack"
    assert main(["privacy", "export", "--config", config_path, "--name", "Imogen Feathersby",
                 "--out", str(out_dir)]) == 0
    assert len(list(out_dir.glob("subject-access-name-*"))) == 3
    assert main(["privacy", "erase", "--config", config_path, "--handle",
                 "WorriedParent42"]) == 0
    assert "Nothing was changed" in capsys.readouterr().out
    with seeded["wh"].read() as con:
        assert mentions.get(con, seeded["by_them"]) is not None
    assert main(["privacy", "erase", "--config", config_path, "--handle", "WorriedParent42",
                 "--yes", "--actor", "dpo"]) == 0
    assert "mentions: 3" in capsys.readouterr().out
    audit_file = tmp_path / "audit.jsonl"
    assert main(["privacy", "audit-export", "--config", config_path, "--format", "jsonl",
                 "--output", str(audit_file)]) == 0
    actions = [json.loads(line)["action"] for line in audit_file.read_text().splitlines()]
    assert "privacy.erase" in actions and "privacy.export" in actions
    assert main(["privacy", "audit-export", "--config", config_path, "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    # The CSV holds everything before this export, ending with the JSON-lines export.
    assert rows[-1]["action"] == "audit.export"
    assert [int(r["audit_id"]) for r in rows] == sorted(int(r["audit_id"]) for r in rows)


def test_cli_hold_release_and_retention(seeded, monkeypatch, capsys):
    monkeypatch.setenv("SCHOOLWATCH_SECRET_KEY", KEY.decode())
    config_path = str(seeded["config"].path)
    case_id = seeded["case"]
    assert main(["privacy", "hold", "--config", config_path, "--case", case_id,
                 "--reason", "solicitor letter"]) == 0
    assert main(["privacy", "holds", "--config", config_path]) == 0
    assert "solicitor letter" in capsys.readouterr().out
    with seeded["wh"].write() as con:
        close_case(con, case_id, "dismissed", T0)
    assert main(["privacy", "retention", "--config", config_path]) == 0
    assert "held cases kept: 1" in capsys.readouterr().out
    assert main(["privacy", "release", "--config", config_path, "--case", case_id,
                 "--reason", "settled"]) == 0
    assert main(["privacy", "retention", "--config", config_path, "--dry-run"]) == 0
    assert "dismissed cases purged: 1" in capsys.readouterr().out
    with seeded["wh"].read() as con:
        assert cases.get(con, case_id) is not None
    assert main(["privacy", "hold", "--config", config_path, "--case", "nope",
                 "--reason", "x"]) == 1
