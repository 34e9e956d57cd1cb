"""Deleting a post removes what the policy engine's stored explanations quote from it."""

from __future__ import annotations

import json
from pathlib import Path

from privacy_support import T0, item, make_config, open_case, store

from classifiers.policy.engine import explain
from warehouse import Warehouse, evidence, purge

ERASED_QUOTE = "I am a teacher at"  # the author-role cue the engine quotes
KEPT_QUOTE = "As a parent"


def _mention(mention_id: str, body: str, url: str) -> dict:
    return {"mention_id": mention_id, "title": "", "body": body, "url": url,
            "labels": ["abusive", "names_staff"], "scores": {"abusive": 0.95, "names_staff": 0.9},
            "spans": [], "posted_at": T0}


def test_deleting_a_post_redacts_its_quotes_but_keeps_the_case_reasoning(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    school = next(s for s in config.schools if s.id == "beech-hill")
    wh = Warehouse(config.warehouse_path)
    erased_body = f"{ERASED_QUOTE} Beech Hill and Mr Pennywell is a disgrace"
    kept_body = f"{KEPT_QUOTE} of two, Mr Pennywell is a useless idiot"
    with wh.write() as con:
        erased = store(con, item("e1", erased_body), ["beech-hill"], ["abusive"])
        kept = store(con, item("k1", kept_body), ["beech-hill"], ["abusive"])
        case_id = open_case(con, "beech-hill", [erased, kept], "thread-x")
        explanation = explain(school, [_mention(erased, erased_body, "https://example.org/e1"),
                                       _mention(kept, kept_body, "https://example.org/k1")])
        evidence.record_explanation(con, case_id, explanation.to_dict())
        before = json.dumps(evidence.explanations(con, case_id), default=str)
        assert ERASED_QUOTE in before and "example.org/e1" in before  # the test can fail

        purge.delete_mentions(con, [erased], "erased", T0)

        stored = evidence.explanations(con, case_id)[0]["explanation"]
    text = json.dumps(stored, default=str)
    assert ERASED_QUOTE not in text and "example.org/e1" not in text
    assert KEPT_QUOTE in text and "example.org/k1" in text
    inputs = {facts["mention_id"]: facts for facts in stored["inputs"]}
    assert inputs[erased]["erased"] is True and "erased" not in inputs[kept]
    assert set(inputs[erased]["author"]) == {"role", "cue"}  # no offsets into the post
    assert inputs[kept]["author"]["start"] == 0
    assert inputs[erased]["labels"] == ["abusive", "names_staff"]  # the reasoning stays
    assert stored["recommendation"] == explanation.to_dict()["recommendation"]


def test_redaction_is_a_no_op_for_posts_no_explanation_quotes(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    wh = Warehouse(config.warehouse_path)
    with wh.write() as con:
        lonely = store(con, item("l1", "Beech Hill Primary fete"), ["beech-hill"])
        assert purge.redact_explanations(con, [lonely]) == 0
        assert purge.redact_explanations(con, []) == 0
