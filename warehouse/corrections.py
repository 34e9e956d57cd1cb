"""Staff corrections as labelled data: dismissals and label fixes, one row per post.

A dismissal with labels ticked says those labels were wrong ("false alarm:
not abusive"); one with none ticked only says no action was needed, and is
not a correction. A correction may also add labels the classifier missed. Each row
carries the post text, what the model said and what staff say it should be,
so the classifier can be retrained on it. A dismissal later undone by
``reopen`` is left out.
"""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse._util import from_json, rows_as_dicts


def correction_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Labelled examples from staff decisions, oldest decision first."""
    decisions = rows_as_dicts(con.execute(
        "SELECT decision_id, case_id, decision, detail, decided_at FROM decisions"
        " WHERE decision IN ('dismiss', 'correct', 'reopen') ORDER BY decided_at, decision_id"))
    latest_reopen: dict[str, Any] = {}
    for d in decisions:
        if d["decision"] == "reopen":
            latest_reopen[d["case_id"]] = d["decided_at"]
    wanted = [d for d in decisions if d["decision"] != "reopen"
              and not (d["decision"] == "dismiss"
                       and (latest_reopen.get(d["case_id"], d["decided_at"]) > d["decided_at"]
                            or not (from_json(d["detail"]) or {}).get("wrong_labels")))]
    if not wanted:
        return []
    case_ids = sorted({d["case_id"] for d in wanted})
    posts = rows_as_dicts(con.execute(
        """
        SELECT cm.case_id, k.school_id, m.mention_id, m.source, m.title, m.body,
               c.labels, c.model_version
        FROM case_mentions cm JOIN cases k USING (case_id)
        JOIN raw_mentions m USING (mention_id)
        LEFT JOIN latest_classifications c USING (mention_id)
        WHERE cm.case_id IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY m.posted_at NULLS LAST, m.mention_id
        """, [case_ids]))
    by_case: dict[str, list[dict[str, Any]]] = {}
    for post in posts:
        by_case.setdefault(post["case_id"], []).append(post)
    rows: list[dict[str, Any]] = []
    for decision in wanted:
        detail = from_json(decision["detail"]) or {}
        wrong = sorted(set(detail.get("wrong_labels") or []))
        missing = sorted(set(detail.get("missing_labels") or []))
        only = detail.get("mention_id")
        for post in by_case.get(decision["case_id"], []):
            if only and post["mention_id"] != only:
                continue
            predicted = sorted(post["labels"] or [])
            corrected = sorted((set(predicted) - set(wrong)) | set(missing))
            rows.append({
                "decision_id": decision["decision_id"],
                "decision": decision["decision"],
                "decided_at": decision["decided_at"],
                "case_id": decision["case_id"],
                "school_id": post["school_id"],
                "mention_id": post["mention_id"],
                "source": post["source"],
                "text": f"{post['title']}\n\n{post['body']}" if post["title"] else post["body"],
                "model_version": post["model_version"],
                "predicted_labels": predicted,
                "wrong_labels": wrong,
                "missing_labels": missing,
                "labels": corrected,
            })
    return rows
