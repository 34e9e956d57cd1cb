"""Plain-English words for labels, actions, decisions and sources, as emails show them."""

from __future__ import annotations

from collections.abc import Mapping

from schoolwatch.domain import ACTION_DESCRIPTIONS, SEVERITY_NAMES

# What a reader who may not see safeguarding detail is told instead.
REDACTED_NOTE = ("Safeguarding concern. The details have gone only to the Designated "
                 "Safeguarding Lead; open the case on the dashboard if you have access.")

LABEL_NAMES: Mapping[str, str] = {
    "abusive": "abusive language",
    "threat": "threat",
    "hate": "hate",
    "defamatory": "possible defamation",
    "names_staff": "names staff",
    "identifies_pupil": "identifies a pupil",
    "personal_data": "personal data",
    "safeguarding": "safeguarding concern",
    "criticism": "criticism",
}

# Headline for a case: what the school should do, in a few words.
ACTION_HEADLINES: Mapping[str, str] = {
    "none": "No action needed",
    "monitor": "Keep an eye on it",
    "request_removal": "Ask for the post to be removed",
    "complaints_procedure": "Refer to the complaints procedure",
    "report_platform": "Report to the platform",
    "escalate_dsl": "Tell the DSL now",
    "escalate_police": "Contact the police",
}

DECISION_NAMES: Mapping[str, str] = {
    "confirm": "confirmed",
    "dismiss": "dismissed",
    "action": "marked as actioned",
    "resolve": "resolved",
    "reopen": "reopened",
}

SOURCE_NAMES: Mapping[str, str] = {"reddit": "Reddit", "feed": "News/comments feed"}


def label_names(labels: object) -> list[str]:
    """Readable names for classifier labels, in a stable order, unknown ones as they are."""
    if not labels:
        return []
    return [LABEL_NAMES.get(str(label), str(label).replace("_", " ")) for label in labels]


def action_headline(action: str) -> str:
    """Short headline for a recommended action."""
    return ACTION_HEADLINES.get(action, action.replace("_", " ").capitalize())


def action_description(action: str) -> str:
    """One-sentence description of a recommended action."""
    return ACTION_DESCRIPTIONS.get(action, action.replace("_", " "))


def severity_name(severity: int) -> str:
    """'low', 'medium', 'high', 'urgent'."""
    return SEVERITY_NAMES.get(int(severity), "unknown")


def source_name(source: str) -> str:
    """Where a post came from, in words."""
    return SOURCE_NAMES.get(source, source.capitalize())
