"""The recommended action for one classified post.

For each matched school the school's own policy decides
(``classifiers.policy.recommend``); the most severe wins. Without a matched
school, or before the policy engine is installed, the default mapping in
:mod:`classifiers.default_action` applies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from classifiers.default_action import default_recommendation
from schoolwatch.config import School
from schoolwatch.domain import ACTIONS, Classification, Recommendation


def _policy_recommend() -> Any:
    try:
        from classifiers.policy import recommend
    except ImportError:
        return None
    return recommend


def recommend_for(schools: Sequence[School], post: Mapping[str, Any],
                  result: Classification) -> Recommendation:
    """The most severe recommendation over the matched schools' policies (or the default)."""
    recommend = _policy_recommend()
    if recommend is None or not schools:
        return default_recommendation(result.labels)
    mention = {
        "mention_id": str(post.get("id", "")),
        "title": post.get("title") or "",
        "body": post.get("text", ""),
        "url": post.get("url") or "",
        "author": post.get("author"),
        "labels": list(result.labels),
        "scores": dict(result.scores),
        "spans": [span.to_dict() for span in result.spans],
    }
    options = [recommend(school, [mention]) for school in schools]
    return max(options, key=lambda r: (r.severity, ACTIONS.index(r.action)
                                       if r.action in ACTIONS else 0))
