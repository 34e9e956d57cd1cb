"""Email addresses.

Kind ``email`` for a person's address; ``school_contact`` for a role mailbox
(office@, admissions@, info@...) or any address the school's config lists.
"""

from __future__ import annotations

import re

from classifiers.detectors.common import make_span, word_set
from classifiers.detectors.context import TextContext
from schoolwatch.domain import Span

KIND = "email"
CONTACT_KIND = "school_contact"
PERSONAL = "personal email address"
ROLE_MAILBOX = "organisation's mailbox"

EMAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,63})@"
                   r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24}(?![\w\-])")
ROLE_PARTS = word_set("""
office info admin administration enquiries enquiry admissions head headteacher principal
dsl safeguarding reception contact hello finance sen senco send governors clerk pta
noreply no-reply postmaster webmaster support help attendance exams careers hr jobs
recruitment press media
""")


def is_role_mailbox(address: str, listed: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether the address belongs to an organisation's role rather than a person."""
    lowered = address.lower()
    if lowered in listed:
        return True
    local = lowered.split("@", 1)[0]
    parts = re.split(r"[._\-+]", local)
    return bool(parts) and parts[0] in ROLE_PARTS


def detect_emails(ctx: TextContext) -> list[Span]:
    """Every email address; role mailboxes and listed contacts are school contacts."""
    if "@" not in ctx.text:
        return []
    listed = ctx.index.listed_contacts
    spans: list[Span] = []
    for match in EMAIL.finditer(ctx.text):
        address = match.group(0).rstrip(".")
        end = match.start() + len(address)
        if is_role_mailbox(address, listed):
            spans.append(make_span(ctx.text, CONTACT_KIND, match.start(), end,
                                   "An email address", ROLE_MAILBOX))
        else:
            spans.append(make_span(ctx.text, KIND, match.start(), end, "An email address",
                                   PERSONAL))
    return spans
