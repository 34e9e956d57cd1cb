"""The triage stage: group untriaged mentions into cases and decide what each needs.

``triage(config, mentions)`` is pure: it groups the dicts from
``warehouse.cases.untriaged`` by (school, thread), runs the policy engine on
each group and says whether a case is needed (anything harmful or critical:
yes; nothing at all: no, just mark the mentions triaged). ``store(con,
decisions)`` then writes the outcome through the warehouse modules: the case
upsert, first-sight evidence snapshots, the engine's explanation and a
custody (audit) entry per case. The flow calls them in that order, opening
the warehouse only for ``store``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from classifiers.policy.engine import Explanation, explain
from classifiers.policy.overrides import problems
from schoolwatch.config import Config
from schoolwatch.domain import Recommendation
from warehouse import audit, cases, evidence

log = logging.getLogger(__name__)

TRIAGE_ACTOR = "schoolwatch:triage"
# Rules whose hits put a case behind the safeguarding wall (DSL eyes only).
SAFEGUARDING_RULES = frozenset({"safeguarding", "possible_safeguarding", "pupil_identified",
                                "pupil_author", "s141f", "iioc"})


@dataclass(frozen=True)
class CaseDecision:
    """What triage decided for one (school, thread) group of new mentions."""

    school_id: str
    thread_key: str
    mention_ids: tuple[str, ...]
    needs_case: bool
    recommendation: Recommendation
    labels: tuple[str, ...]
    safeguarding: bool
    explanation: Explanation | None

    @property
    def triaged_pairs(self) -> list[tuple[str, str]]:
        """(mention_id, school_id) pairs for ``warehouse.cases.mark_triaged``."""
        return [(mention_id, self.school_id) for mention_id in self.mention_ids]


def triage(config: Config, mentions: Sequence[Mapping[str, Any]]) -> list[CaseDecision]:
    """One decision per (school, thread) group, in a stable order."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for mention in mentions:
        key = (str(mention["school_id"]),
               str(mention.get("thread_key") or mention["mention_id"]))
        groups.setdefault(key, []).append(mention)
    known = {school.id: school for school in config.schools}
    for school in config.schools:
        # Bad settings are ignored by the engine (criticism is never escalated,
        # legal rules are never lowered); say so rather than fail the night's run.
        for problem in problems(school):
            log.warning("%s (ignored)", problem)
    decisions: list[CaseDecision] = []
    for (school_id, thread_key), group in sorted(groups.items()):
        mention_ids = tuple(sorted({str(m["mention_id"]) for m in group}))
        school = known.get(school_id)
        if school is None:
            # The school left the config: nothing to recommend, and marking the
            # mentions triaged keeps them from blocking the queue forever.
            log.warning("mentions for school %r, which is not in the config: skipped", school_id)
            decisions.append(CaseDecision(
                school_id, thread_key, mention_ids, False,
                Recommendation("none", 0, f"School '{school_id}' is no longer in the config."),
                (), False, None))
            continue
        explanation = explain(school, group)
        recommendation = explanation.recommendation
        labels = tuple(sorted({label for facts in explanation.mentions
                               for label in facts.labels}))
        safeguarding = any(hit.rule_id in SAFEGUARDING_RULES for hit in explanation.hits)
        decisions.append(CaseDecision(
            school_id=school_id, thread_key=thread_key, mention_ids=mention_ids,
            needs_case=recommendation.action != "none", recommendation=recommendation,
            labels=labels, safeguarding=safeguarding, explanation=explanation))
    return decisions


def store(con: duckdb.DuckDBPyConnection, decisions: Sequence[CaseDecision],
          actor: str = TRIAGE_ACTOR) -> dict[str, int]:
    """Write decisions through the warehouse: cases, snapshots, explanations, custody log.

    Safe to rerun: the case upsert and the snapshots are idempotent, and
    mentions already triaged are not offered again by ``cases.untriaged``.
    """
    counts = {"cases_created": 0, "cases_updated": 0, "mentions_in_cases": 0,
              "mentions_no_case": 0}
    no_case: list[tuple[str, str]] = []
    for decision in decisions:
        if not decision.needs_case:
            no_case.extend(decision.triaged_pairs)
            continue
        case_id, created = cases.upsert(
            con, decision.school_id, decision.thread_key, decision.recommendation,
            decision.labels, decision.mention_ids, decision.safeguarding)
        new_evidence = evidence.snapshot(con, case_id, decision.mention_ids)
        if decision.explanation is not None:
            evidence.record_explanation(con, case_id, decision.explanation.to_dict())
        r = decision.recommendation
        audit.log(con, actor, "case_opened" if created else "evidence_added", "case", case_id,
                  {"mention_ids": list(decision.mention_ids), "snapshots": new_evidence,
                   "action": r.action, "severity": r.severity, "flags": list(r.flags)})
        counts["cases_created" if created else "cases_updated"] += 1
        counts["mentions_in_cases"] += len(decision.mention_ids)
    cases.mark_triaged(con, no_case)
    counts["mentions_no_case"] = len(no_case)
    return counts
