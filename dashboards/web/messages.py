"""Fixed messages shown after an action. Pages receive a short code in the URL, never text,
so nothing a link carries is ever shown back to the user."""

from __future__ import annotations

INBOX_NOTICES = {
    "dismissed": "Case dismissed as a false positive. It has left the open inbox.",
    "resolved": "Case resolved. It has left the open inbox.",
}
CASE_NOTICES = {
    "confirm": "Case confirmed.", "action": "Marked as actioned.", "reopen": "Case reopened.",
    "assign": "Assignment saved.", "note": "Note added.", "correct": "Label correction saved.",
}
CASE_ERRORS = {
    "not_allowed": "Your role cannot take that decision on this case.",
    "bad_action": "Choose which action was taken.",
    "bad_assignee": "That person cannot be assigned to this school's cases.",
    "empty_note": "Write the note before saving it.",
    "no_labels": "Choose at least one label to correct.",
    "conflict": "The case changed meanwhile (someone else may have decided it). "
                "Check its status and try again.",
}
LOGIN_NOTICES = {
    "logged_out": "You have logged out.",
    "expired": "Your session ended. Log in again to continue.",
}
