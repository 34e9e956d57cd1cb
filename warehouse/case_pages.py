"""Everything the dashboard's case page shows about one case, in a few indexed look-ups."""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse._lists import placeholders
from warehouse._util import from_json, rows_as_dicts

# A thread with more posts than this shows the first ones (the evidence pack has all).
MAX_POSTS_SHOWN = 200
MAX_AUDIT_SHOWN = 200
_MENTION_COLUMNS = ("mention_id, source, source_key, external_id, kind, url, canonical_url,"
                    " author, title, body, posted_at, fetched_at, content_sha256")
_SCORE_COLUMNS = "mention_id, model_version, scores, labels, spans, classified_at"
_MATCH_COLUMNS = "mention_id, school_id, alias, start_offset, end_offset, via"


def case_detail(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, Any] | None:
    """The case row with its posts (latest classification, school matches) and history.

    Returns None for an unknown case. Keys: ``case``, ``mentions``,
    ``decisions`` (oldest first) and ``audit`` (newest first).
    """
    rows = rows_as_dicts(con.execute("SELECT * FROM cases WHERE case_id = ?", [case_id]))
    if not rows:
        return None
    case = rows[0]
    # Plain equality filters only: an ORDER BY or LIMIT here stops DuckDB using the index.
    linked = con.execute("SELECT mention_id, added_at FROM case_mentions WHERE case_id = ?",
                         [case_id]).fetchall()
    mention_ids = [m for m, _ in sorted(linked, key=lambda r: (r[1], r[0]))][:MAX_POSTS_SHOWN]
    marks = placeholders(mention_ids)
    sql = f"SELECT {_MENTION_COLUMNS} FROM raw_mentions WHERE mention_id IN ({marks})"  # noqa: S608
    mentions = rows_as_dicts(con.execute(sql, mention_ids))
    latest: dict[str, dict[str, Any]] = {}
    sql = f"SELECT {_SCORE_COLUMNS} FROM classifications WHERE mention_id IN ({marks})"  # noqa: S608
    for row in rows_as_dicts(con.execute(sql, mention_ids)):
        current = latest.get(row["mention_id"])
        if current is None or row["classified_at"] > current["classified_at"]:
            latest[row["mention_id"]] = row
    matches: dict[str, list[dict[str, Any]]] = {}
    sql = f"SELECT {_MATCH_COLUMNS} FROM school_matches WHERE mention_id IN ({marks})"  # noqa: S608
    for row in rows_as_dicts(con.execute(sql + " AND school_id = ?",
                                         [*mention_ids, case["school_id"]])):
        matches.setdefault(row["mention_id"], []).append(row)
    for mention in mentions:
        scored = latest.get(mention["mention_id"])
        mention["labels"] = list(scored["labels"]) if scored else []
        mention["scores"] = (from_json(scored["scores"]) or {}) if scored else {}
        mention["spans"] = (from_json(scored["spans"]) or []) if scored else []
        mention["model_version"] = scored["model_version"] if scored else None
        mention["matches"] = matches.get(mention["mention_id"], [])
    mentions.sort(key=lambda m: (m["posted_at"] is None, m["posted_at"] or m["fetched_at"],
                                 m["mention_id"]))
    decisions = sorted(rows_as_dicts(con.execute(
        "SELECT decision_id, actor, decision, detail, decided_at FROM decisions"
        " WHERE case_id = ?", [case_id])), key=lambda d: (d["decided_at"], d["decision_id"]))
    for decision in decisions:
        decision["detail"] = from_json(decision["detail"]) or {}
    audit = sorted((row for row in rows_as_dicts(con.execute(
        "SELECT audit_id, logged_at, actor, action, detail, object_type FROM audit_log"
        " WHERE object_id = ?", [case_id])) if row["object_type"] == "case"),
        key=lambda row: -row["audit_id"])[:MAX_AUDIT_SHOWN]
    for entry in audit:
        entry["detail"] = from_json(entry["detail"]) or {}
    return {"case": case, "mentions": mentions, "decisions": decisions, "audit": audit}


def case_school(con: duckdb.DuckDBPyConnection, case_id: str) -> tuple[str, bool] | None:
    """(school_id, safeguarding) of a case, for permission checks before a decision."""
    row = con.execute("SELECT school_id, safeguarding FROM cases WHERE case_id = ?",
                      [case_id]).fetchone()
    return (row[0], bool(row[1])) if row else None
