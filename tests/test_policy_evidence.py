"""Evidence packs: self-contained, hostile text escaped, hashes and custody log present."""

from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from policy_support import config, raw_item, seed

from classifiers.policy.triage import store, triage
from dashboards.evidence import CaseNotFoundError, write_evidence_pack
from schoolwatch.cli.main import main as cli_main
from warehouse import Warehouse, audit, cases, observations

HOSTILE = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(2)>",
    "</div></body><iframe src=javascript:alert(3)>",
    "{{ 7*7 }} {% raw %}",
    "\u202egnp.exe \u0000 null and emoji \U0001F600",
]


class _Tags(HTMLParser):
    """Collects the tags and attributes actually present in the rendered page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def _hostile_case(tmp_path: Path) -> tuple[object, Warehouse, str, str]:
    cfg = config(tmp_path)
    wh = Warehouse(cfg.warehouse_path)
    body = "My son's teacher is a useless cow " + " ".join(HOSTILE)
    with wh.write() as con:
        seed(con, [(raw_item("h1", body, thread="H", title="<b>bold</b> title",
                             author="<i>handle</i>", url="javascript:alert(4)"),
                    ("abusive",), ())])
        store(con, triage(cfg, cases.untriaged(con)))
        [case] = cases.list_cases(con)
        observations.record(con, cases.mentions_of(con, case["case_id"])[0]["mention_id"],
                            "present", "ab" * 32, "unchanged <b>detail</b>", 200)
    return cfg, wh, case["case_id"], body


def test_pack_escapes_hostile_text_and_holds_the_evidence(tmp_path: Path) -> None:
    cfg, wh, case_id, body = _hostile_case(tmp_path)
    path = write_evidence_pack(cfg, wh, case_id, tmp_path / "out", actor="head@school.example")
    page = path.read_text(encoding="utf-8")

    parser = _Tags()
    parser.feed(page)
    assert not {"script", "img", "svg", "iframe", "b", "i"} & set(parser.tags)
    assert not any(name.startswith("on") for name, _ in parser.attrs)
    assert not any((value or "").lower().startswith("javascript:") for _, value in parser.attrs)
    # Every hostile string is there, as text.
    text_only = html.unescape(re.sub(r"<[^>]+>", "", page))
    for payload in HOSTILE:
        assert payload.replace("\u0000", "\ufffd") in text_only or payload in text_only
    # Never evaluated as a template: the loop above found "{{ 7*7 }} {% raw %}" as
    # written. (Not '"49" not in the page': a timestamp such as 08:49 contains it.)
    assert "{{ 7*7 }}" in text_only and "7*7" in page

    # Self-contained: nothing loaded from anywhere.
    assert "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page

    with wh.read() as con:
        [m] = cases.mentions_of(con, case_id)
        case = cases.get(con, case_id)
        log = audit.entries(con, "case", case_id)
    assert m["content_sha256"] in page
    assert m["url"] in text_only and "handle" in text_only
    assert case["clause"].split(": ")[-1].strip('"')[:40] in html.unescape(page)
    assert "verified" in page and "does not match" not in page
    assert "Chain of custody" in page and "case_opened" in page

    export = log[0]
    assert export["action"] == "export" and export["actor"] == "head@school.example"
    assert export["detail"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert export["detail"]["file"] == path.name


def test_iioc_pack_has_no_link_and_a_warning(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    wh = Warehouse(cfg.warehouse_path)
    with wh.write() as con:
        seed(con, [(raw_item("i1", "anyone got the nudes of the year 9 girl? dm me",
                             url="https://i.imgur.com/abc.jpg"), ("abusive",), ())])
        store(con, triage(cfg, cases.untriaged(con)))
        [case] = cases.list_cases(con)
    page = write_evidence_pack(cfg, wh, case["case_id"], tmp_path, "dsl").read_text()
    assert "No image, video or other media was downloaded" in page
    assert "https://i.imgur.com/abc.jpg" in page
    assert 'href="https://i.imgur.com' not in page


def test_unknown_case_is_a_readable_error(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    with pytest.raises(CaseNotFoundError, match="no case with id"):
        write_evidence_pack(cfg, Warehouse(cfg.warehouse_path), "nope", tmp_path, "x")


def test_cli_evidence_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg_file = tmp_path / "config.toml"
    cfg_file.write_text(
        '[warehouse]\npath = "w.duckdb"\n\n[[school]]\nid = "st-stephens"\n'
        'name = "St Stephens Community Academy"\npolicy = "st-stephens-an-daras"\n',
        encoding="utf-8")
    cfg_file.chmod(0o600)
    cfg = config(tmp_path)
    wh = Warehouse(tmp_path / "w.duckdb")
    with wh.write() as con:
        seed(con, [(raw_item("k1", "I will smash the head's car"), ("threat",), ())])
        store(con, triage(cfg, cases.untriaged(con)))
        [case] = cases.list_cases(con)
    out = tmp_path / "packs"
    code = cli_main(["evidence", case["case_id"], "--out", str(out), "--config", str(cfg_file),
                     "--actor", "office@school.example"])
    assert code == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == out and printed.exists()
    assert "Contact the police" in printed.read_text()
    assert cli_main(["evidence", "missing", "--out", str(out), "--config", str(cfg_file)]) == 1
    assert "no case with id" in capsys.readouterr().err
