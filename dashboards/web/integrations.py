"""The case page's drafted letters and evidence packs: thin calls into the drafts and
evidence modules, shaped for the templates.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboards.drafts import render_drafts
from dashboards.evidence import write_evidence_pack
from schoolwatch.config import Config
from warehouse import Warehouse

log = logging.getLogger(__name__)

DRAFT_TITLES: Mapping[str, str] = {
    "removal_request": "Removal request to the parent",
    "complaints_referral": "Complaints procedure referral",
    "platform_report": "Report to the platform",
    "dsl_referral": "Referral summary for the DSL",
    "police_referral": "Referral summary for the police",
}


@dataclass(frozen=True)
class Draft:
    """One drafted letter or message, editable on the case page."""

    key: str
    title: str
    body: str


def drafts_for_case(config: Config, case: Mapping[str, Any],
                    mentions: Sequence[Mapping[str, Any]]) -> list[Draft]:
    """The drafts the case's recommended action calls for (none if drafting fails)."""
    try:
        rendered = render_drafts(config, case["school_id"], case, mentions)
    except Exception:  # a broken draft must not take the case page down
        log.exception("drafting letters for case %s failed", case.get("case_id"))
        return []
    return [Draft(key, DRAFT_TITLES.get(key, key.replace("_", " ").capitalize()), body)
            for key, body in rendered.items()]


def evidence_pack(config: Config, case_id: str, out_dir: Path, actor: str) -> Path:
    """Write the case's self-contained evidence pack (the writer logs the export)."""
    return write_evidence_pack(config, Warehouse(config.warehouse_path), case_id, out_dir, actor)
