"""Classifier output per mention and model version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb

from schoolwatch.domain import Classification
from warehouse._util import bulk_insert, from_json, rows_as_dicts, to_json, utcnow


def pending(con: duckdb.DuckDBPyConnection, model_version: str,
            limit: int = 2000) -> list[dict[str, Any]]:
    """Matched mentions not yet scored by this model version."""
    return rows_as_dicts(con.execute(
        """
        SELECT m.mention_id, m.title, m.body FROM raw_mentions m
        WHERE m.mention_id IN (SELECT mention_id FROM school_matches)
          AND m.mention_id NOT IN (SELECT mention_id FROM classifications
                                   WHERE model_version = ?)
        ORDER BY m.fetched_at, m.mention_id LIMIT ?
        """, [model_version, limit]))


def record(con: duckdb.DuckDBPyConnection, results: Mapping[str, Classification]) -> int:
    """Store classifications; re-scoring with the same model version replaces the row."""
    if not results:
        return 0
    now = utcnow()
    bulk_insert(
        con, "INSERT INTO classifications",
        [[mid, c.model_version, to_json(dict(c.scores)), list(c.labels),
          to_json([s.to_dict() for s in c.spans]), now] for mid, c in results.items()],
        "ON CONFLICT DO UPDATE SET scores = excluded.scores, labels = excluded.labels,"
        " spans = excluded.spans, classified_at = excluded.classified_at",
    )
    return len(results)


def latest(con: duckdb.DuckDBPyConnection, mention_id: str) -> dict[str, Any] | None:
    """The most recent classification of a mention, JSON decoded."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM classifications WHERE mention_id = ? ORDER BY classified_at DESC LIMIT 1",
        [mention_id]))
    if not rows:
        return None
    row = rows[0]
    row["scores"] = from_json(row["scores"])
    row["spans"] = from_json(row["spans"])
    return row


def latest_labels_by_external_id(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """External id -> the latest flagged labels, for evaluating against a labelled corpus."""
    return {external_id: list(labels) for external_id, labels in con.execute(
        "SELECT m.external_id, c.labels"
        " FROM raw_mentions m JOIN latest_classifications c USING (mention_id)").fetchall()}
