"""Evidence kept for a case: snapshots at first sight, integrity checks, the engine's reasons.

``raw_mentions`` already holds the captured record (raw JSON, text, URL,
author handle, posted and captured times, SHA-256 of the content). When a
mention joins a case, :func:`snapshot` records, once, a SHA-256 of the whole
stored row plus the labels it had then, so an evidence pack can show the
record has not changed since. :func:`verify` recomputes both hashes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb

from schoolwatch.domain import sha256_text
from warehouse._util import bulk_insert, from_json, rows_as_dicts, to_json, utcnow

# The raw_mentions columns a record hash covers, in this order.
RECORD_FIELDS: tuple[str, ...] = (
    "mention_id", "source", "source_key", "external_id", "kind", "url", "canonical_url",
    "thread_key", "author", "title", "body", "posted_at", "fetched_at", "content_sha256",
    "raw_json",
)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def record_sha256(row: Mapping[str, Any]) -> str:
    """SHA-256 of a raw_mentions row as canonical JSON (sorted keys, UTC ISO times)."""
    canonical = {}
    for name in RECORD_FIELDS:
        value = row.get(name)
        if name == "raw_json" and isinstance(value, str):
            value = json.loads(value)
        canonical[name] = _iso(value)
    return sha256_text(json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str))


def content_sha256(title: str, body: str, raw: Any) -> str:
    """The content hash exactly as ``RawItem.content_sha256`` computes it at capture."""
    raw_json = json.dumps(raw if raw is not None else {}, sort_keys=True, ensure_ascii=False,
                          default=str)
    return sha256_text(f"{title}\x1f{body}\x1f{raw_json}")


def _raw_rows(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str]) -> list[dict[str, Any]]:
    return rows_as_dicts(con.execute(
        f"SELECT {', '.join(RECORD_FIELDS)} FROM raw_mentions"  # noqa: S608 - fixed names
        " WHERE mention_id IN (SELECT unnest(?)) ORDER BY mention_id", [list(mention_ids)]))


def snapshot(con: duckdb.DuckDBPyConnection, case_id: str,
             mention_ids: Sequence[str]) -> list[str]:
    """Record first-sight snapshots for mentions newly in a case; returns those recorded now."""
    if not mention_ids:
        return []
    done = {row[0] for row in con.execute(
        "SELECT mention_id FROM evidence_snapshots WHERE case_id = ?", [case_id]).fetchall()}
    wanted = sorted(set(mention_ids) - done)
    if not wanted:
        return []
    labels = {row["mention_id"]: row for row in rows_as_dicts(con.execute(
        "SELECT mention_id, labels, scores, model_version FROM latest_classifications"
        " WHERE mention_id IN (SELECT unnest(?))",
        [wanted]))}
    now = utcnow()
    rows = []
    for raw in _raw_rows(con, wanted):
        found = labels.get(raw["mention_id"], {})
        rows.append([case_id, raw["mention_id"], now, raw["url"], raw["content_sha256"],
                     record_sha256(raw), list(found.get("labels") or []),
                     found.get("scores") or "{}", found.get("model_version")])
    bulk_insert(con, "INSERT INTO evidence_snapshots", rows, "ON CONFLICT DO NOTHING")
    return [row[1] for row in rows]


def snapshots(con: duckdb.DuckDBPyConnection, case_id: str) -> list[dict[str, Any]]:
    """A case's snapshots, oldest first."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM evidence_snapshots WHERE case_id = ? ORDER BY taken_at, mention_id",
        [case_id]))
    for row in rows:
        row["scores"] = from_json(row["scores"]) or {}
    return rows


def verify(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, dict[str, Any]]:
    """Per mention: do the stored record and content still hash to what was captured?

    ``content_ok`` compares the content hash recomputed from the stored title,
    body and raw record with the one taken at capture (None when it cannot be
    recomputed); ``record_ok`` compares the whole row with its snapshot.
    """
    snaps = {row["mention_id"]: row for row in snapshots(con, case_id)}
    result: dict[str, dict[str, Any]] = {}
    for raw in _raw_rows(con, list(snaps)):
        snap = snaps[raw["mention_id"]]
        try:
            recomputed = content_sha256(raw["title"] or "", raw["body"] or "",
                                        from_json(raw["raw_json"]))
            content_ok: bool | None = recomputed == raw["content_sha256"]
        except (TypeError, ValueError):
            recomputed, content_ok = None, None
        current = record_sha256(raw)
        result[raw["mention_id"]] = {
            "content_ok": content_ok and raw["content_sha256"] == snap["content_sha256"],
            "content_recomputed": recomputed,
            "record_ok": current == snap["record_sha256"],
            "record_now": current,
        }
    for mention_id in snaps:
        result.setdefault(mention_id, {"content_ok": False, "content_recomputed": None,
                                       "record_ok": False, "record_now": None,
                                       "missing": True})
    return result


def record_explanation(con: duckdb.DuckDBPyConnection, case_id: str,
                       explanation: Mapping[str, Any]) -> None:
    """Append the engine's explanation (``Explanation.to_dict()``) for a case."""
    rec = explanation.get("recommendation", {})
    con.execute(
        "INSERT INTO policy_explanations (case_id, explained_at, engine_version, action,"
        " severity, explanation) VALUES (?, ?, ?, ?, ?, ?)",
        [case_id, utcnow(), str(explanation.get("engine_version", "")),
         str(rec.get("action", "none")), int(rec.get("severity", 0)), to_json(explanation)])


def explanations(con: duckdb.DuckDBPyConnection, case_id: str) -> list[dict[str, Any]]:
    """Every explanation recorded for a case, newest first."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM policy_explanations WHERE case_id = ? ORDER BY explanation_id DESC",
        [case_id]))
    for row in rows:
        row["explanation"] = from_json(row["explanation"])
    return rows


def deciding_explanation(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, Any] | None:
    """The explanation behind the case's current recommendation (the most severe, earliest)."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM policy_explanations WHERE case_id = ?"
        " ORDER BY severity DESC, explanation_id LIMIT 1", [case_id]))
    if not rows:
        return None
    rows[0]["explanation"] = from_json(rows[0]["explanation"])
    return rows[0]


def decisions(con: duckdb.DuckDBPyConnection, case_id: str) -> list[dict[str, Any]]:
    """Staff decisions on a case, oldest first."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM decisions WHERE case_id = ? ORDER BY decided_at, decision_id", [case_id]))
    for row in rows:
        row["detail"] = from_json(row["detail"])
    return rows


def custody_log(con: duckdb.DuckDBPyConnection, case_id: str) -> list[dict[str, Any]]:
    """Audit entries about a case or any of its mentions, oldest first (the chain of custody)."""
    rows = rows_as_dicts(con.execute(
        """
        SELECT * FROM audit_log
        WHERE (object_type = 'case' AND object_id = ?)
           OR (object_type = 'mention' AND object_id IN
               (SELECT mention_id FROM case_mentions WHERE case_id = ?))
        ORDER BY audit_id
        """, [case_id, case_id]))
    for row in rows:
        row["detail"] = from_json(row["detail"])
    return rows
