"""Staff review decisions on cases: the status changes they make, stored with who and when.

Every decision goes through :func:`apply_decision`, which checks the move is
allowed from the case's current status, updates the case, stores the
decision (``warehouse.cases.record_decision``) and appends to the audit log,
all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from schoolwatch.errors import SchoolwatchError
from warehouse import audit
from warehouse._util import utcnow
from warehouse.cases import record_decision

OPEN_STATUSES: tuple[str, ...] = ("new", "confirmed", "actioned")
CLOSED_STATUSES: tuple[str, ...] = ("dismissed", "resolved")


@dataclass(frozen=True)
class Transition:
    """Which statuses a decision may be taken from, and the status it leads to."""

    allowed_from: tuple[str, ...] | None  # None: any status
    leads_to: str | None  # None: the status does not change


TRANSITIONS: Mapping[str, Transition] = {
    "confirm": Transition(("new",), "confirmed"),
    "dismiss": Transition(OPEN_STATUSES, "dismissed"),
    "action": Transition(OPEN_STATUSES, "actioned"),
    "resolve": Transition(OPEN_STATUSES, "resolved"),
    "reopen": Transition(CLOSED_STATUSES, "new"),
    "assign": Transition(None, None),
    "note": Transition(None, None),
    "correct": Transition(None, None),
}
DECISIONS: tuple[str, ...] = tuple(TRANSITIONS)


class DecisionError(SchoolwatchError):
    """The decision cannot be taken on this case (unknown case or wrong status)."""


def apply_decision(con: duckdb.DuckDBPyConnection, case_id: str, actor: str, decision: str,
                   detail: Mapping[str, Any]) -> str:
    """Take a decision on a case; returns the decision id. Raises DecisionError if not allowed."""
    transition = TRANSITIONS.get(decision)
    if transition is None:
        raise DecisionError(f"Unknown decision {decision!r}.")
    row = con.execute("SELECT status FROM cases WHERE case_id = ?", [case_id]).fetchone()
    if row is None:
        raise DecisionError("This case no longer exists.")
    status = row[0]
    if transition.allowed_from is not None and status not in transition.allowed_from:
        raise DecisionError(
            f"This case is '{status}', so it cannot be given '{decision}'. "
            "Reload the page: someone may have changed it meanwhile.")
    now = utcnow()
    if transition.leads_to is not None:
        closing = transition.leads_to in CLOSED_STATUSES
        con.execute(
            "UPDATE cases SET status = ?, updated_at = ?,"
            " closed_at = CASE WHEN ? THEN ? ELSE NULL END WHERE case_id = ?",
            [transition.leads_to, now, closing, now, case_id])
    elif decision == "assign":
        con.execute("UPDATE cases SET assigned_to = ?, updated_at = ? WHERE case_id = ?",
                    [detail.get("assignee") or None, now, case_id])
    detail_dict = {**dict(detail), "from_status": status}
    decision_id = record_decision(con, case_id, actor, decision, detail_dict)
    audit.log(con, actor, f"case_{decision}", "case", case_id,
              {"decision_id": decision_id, **detail_dict})
    return decision_id
