"""A sensible action when no school policy applies (no school matched, or no policy engine).

The school's own policy (``classifiers.policy.recommend``) decides when it can;
this mapping follows the UK guidance the policies share: police for threats
and hate, the DSL for safeguarding, removal requests for identifying or
personal content, and civil criticism is never escalated on its own.
"""

from __future__ import annotations

from collections.abc import Collection

from schoolwatch.domain import Recommendation

# (label, action, severity, reason), most serious first; the first present wins.
_RULES: tuple[tuple[str, str, int, str], ...] = (
    ("threat", "escalate_police", 4, "The post threatens violence or harm."),
    ("safeguarding", "escalate_dsl", 4, "The post raises a concern about a child's welfare."),
    ("hate", "escalate_police", 3, "The post attacks people for a protected characteristic."),
    ("identifies_pupil", "report_platform", 3, "The post identifies a pupil."),
    ("personal_data", "report_platform", 3, "The post shares personal details."),
    ("defamatory", "request_removal", 2,
     "The post states an allegation of wrongdoing as fact."),
    ("abusive", "request_removal", 2, "The post is abusive or insulting."),
    ("names_staff", "monitor", 1, "The post names a member of staff."),
    ("criticism", "none", 1, "Civil criticism: legitimate, no action needed."),
)


def default_recommendation(labels: Collection[str]) -> Recommendation:
    """The action for these labels without a school policy."""
    present = set(labels)
    for label, action, severity, reason in _RULES:
        if label in present:
            # Abuse aimed at a named member of staff is harassment: report it.
            if label == "abusive" and "names_staff" in present:
                return Recommendation(action="report_platform", severity=3,
                                      reason="The post abuses a named member of staff.",
                                      policy="default")
            return Recommendation(action=action, severity=severity, reason=reason,
                                  policy="default")
    return Recommendation(action="none", severity=0, reason="Nothing flagged.", policy="default")
