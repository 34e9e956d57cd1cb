"""The audit log is append-only: no code changes or removes entries, and it exports whole."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from privacy_support import KEY, T0, close_case, days, item, make_config, open_case, store

import warehouse.audit
from warehouse import Warehouse, audit, purge
from warehouse.retention import apply_retention

ROOT = Path(__file__).resolve().parent.parent
# Any statement that would change or remove audit entries.
MUTATING = re.compile(
    r"\b(?:UPDATE\s+(?:main\.)?\"?audit_log|DELETE\s+FROM\s+(?:main\.)?\"?audit_log"
    r"|TRUNCATE\s+(?:TABLE\s+)?\"?audit_log|DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?\"?audit_log"
    r"|ALTER\s+TABLE\s+\"?audit_log|INSERT\s+OR\s+REPLACE\s+INTO\s+\"?audit_log)",
    re.IGNORECASE)


def _code_files() -> list[Path]:
    files = []
    for pattern in ("**/*.py", "**/*.sql"):
        for path in ROOT.glob(pattern):
            parts = path.relative_to(ROOT).parts
            if parts[0] in ("tests", ".venv", "build") or ".venv" in parts:
                continue
            files.append(path)
    return files


def test_pattern_catches_mutations():
    for sample in ("UPDATE audit_log SET actor = 'x'", "delete from  audit_log where 1",
                   'DELETE FROM "audit_log"', "TRUNCATE audit_log",
                   "DROP TABLE IF EXISTS audit_log"):
        assert MUTATING.search(sample), sample
    assert not MUTATING.search("INSERT INTO audit_log (actor) VALUES (?)")


def test_no_code_updates_or_deletes_audit_entries():
    files = _code_files()
    assert any(p.name == "audit.py" for p in files) and len(files) > 20
    offenders = [f"{p.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}"
                 for p in files for text in [p.read_text(encoding="utf-8")]
                 for m in MUTATING.finditer(text)]
    assert offenders == []


def test_audit_module_offers_no_update_or_delete():
    names = [n for n, f in inspect.getmembers(warehouse.audit, inspect.isfunction)
             if f.__module__ == "warehouse.audit"]
    assert "log" in names and "export_rows" in names
    assert not [n for n in names if re.search(r"update|delete|remove|purge|clear|edit", n)]


def test_generic_purges_never_reach_the_audit_log(tmp_path: Path):
    config = make_config(tmp_path)
    wh = Warehouse(config.warehouse_path)
    with wh.write() as con:
        assert "audit_log" not in purge.tables_with_column(con, "object_id")
        m = store(con, item("a", "Glory Farm"), ["glory-farm"], ["abusive"])
        case_id = open_case(con, "glory-farm", [m], "t")
        audit.log(con, "office", "view", "case", case_id)
        audit.log(con, "office", "view", "mention", m)
        close_case(con, case_id, "dismissed", T0)
        before = audit.export_rows(con)
        apply_retention(con, config, T0 + days(400), key=KEY)
        after = audit.export_rows(con)
    assert after[:len(before)] == before
    assert after[-1]["action"] == "retention.apply"
    assert after[-1]["detail"]["dismissed_cases_purged"] == 1
