"""Subject access and erasure: everything held about one handle or one name.

:func:`find_subject` gathers, from a short warehouse session, the posts a
person wrote (under their handle or its pseudonym), posts that name them,
the cases those posts are in, staff decisions and emails about them or naming
them, whether the name is on a pupil roster, and the audit trail of those
records. :func:`export_subject` writes that as JSON, a readable HTML page and
CSV. :func:`erase_subject` deletes it, except what is on legal hold, and says
what was withheld and why. Every step is written to the audit log under a
keyed reference, never the handle or name itself.

Emails are the one record never copied into the pack whole: an alert or a
digest quotes other people's posts and names staff, and a subject access
response must not disclose other people's personal data. For each email the
pack says when it was sent, what kind it was, who it went to (in role terms
where the config says, e.g. "the headteacher of ..."), why it is there, and
only the requester's own words that it quoted (each a verbatim prefix of one
of their own posts, so nothing else can come with it).
"""

from __future__ import annotations

import csv
import email
import email.policy
import html
import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from schoolwatch.errors import SchoolwatchError
from schoolwatch.privacy.keys import keyed_hash
from schoolwatch.privacy.pseudonyms import normalise_handle, pseudonym_for
from schoolwatch.privacy.pupils import hash_name, normalise_name
from warehouse import audit, pupils, subjects

if TYPE_CHECKING:
    from schoolwatch.config import Config

SNIPPET_CONTEXT = 60
# A quoted post is found in an email by its first characters (or the whole of
# a shorter one), then followed for as long as the email keeps to its words.
QUOTE_PROBE_CHARS = 40
# The footer every schoolwatch email ends with ("You get this email as the
# headteacher contact for Beech Hill ..."): the recipient's role as the email
# itself told them, used when the config does not know the address.
_FOOTER_ROLE = re.compile(
    r"^You get this (?:email|alert|notice) as (?P<who>.+?)\.(?: Each case .*)?$", re.MULTILINE)
EMAIL_KINDS = {"alert": "urgent alert", "notice": "notice for the DSL",
               "digest": "daily digest"}
# Only these fields of an email go into the pack (never the message, subject,
# address or key: those hold other people's data or staff addresses).
EMAIL_PACK_FIELDS = ("date", "kind", "sent_to", "status", "case_id", "why",
                     "their_posts_quoted", "posts_naming_them_quoted")


class SubjectRequestError(SchoolwatchError):
    """The request cannot be run as given (no handle or name, or both)."""


@dataclass
class SubjectRecord:
    """Everything found about one person, as plain dictionaries ready to export."""

    kind: str                      # "handle" or "name"
    reference: str                 # keyed reference used in logs and file names
    authored: list[dict[str, Any]] = field(default_factory=list)
    named_in: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)
    roster_schools: list[str] = field(default_factory=list)
    audit_trail: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many records of each kind were found."""
        return {"posts_by_them": len(self.authored), "posts_naming_them": len(self.named_in),
                "cases": len(self.cases), "decisions": len(self.decisions),
                "emails": len(self.emails), "pupil_rosters": len(self.roster_schools),
                "audit_entries": len(self.audit_trail)}

    def mention_ids(self) -> list[str]:
        """Ids of every post found (written by them or naming them)."""
        return sorted({m["mention_id"] for m in (*self.authored, *self.named_in)})

    def as_dict(self) -> dict[str, Any]:
        """The whole record, JSON-ready (emails as the pack shows them: see the module)."""
        return {"subject": {"kind": self.kind, "reference": self.reference},
                "counts": self.counts(), "posts_by_them": self.authored,
                "posts_naming_them": self.named_in, "cases": self.cases,
                "decisions": self.decisions,
                "emails": [{k: e.get(k) for k in EMAIL_PACK_FIELDS} for e in self.emails],
                "pupil_rosters": self.roster_schools, "audit_trail": self.audit_trail}


def subject_reference(key: bytes, handle: str | None = None, name: str | None = None) -> str:
    """The keyed reference for a subject (a handle's pseudonym, or ``name-<hash>``)."""
    handle, name = _check_query(handle, name)
    if handle is not None:
        return pseudonym_for(handle, key)
    return "name-" + keyed_hash(key, "subject-name", normalise_name(name or ""))[:16]


def _check_query(handle: str | None, name: str | None) -> tuple[str | None, str | None]:
    handle = handle.strip() if handle and handle.strip() else None
    name = name.strip() if name and name.strip() else None
    if (handle is None) == (name is None):
        raise SubjectRequestError("Give either --handle (an account name such as u/example) "
                                  "or --name (a person's name), not both and not neither.")
    if handle is not None and not normalise_handle(handle):
        raise SubjectRequestError(f"{handle!r} is not a usable handle.")
    if name is not None and not normalise_name(name):
        raise SubjectRequestError("The name has no letters in it.")
    return handle, name


HONORIFICS = ("mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "prof")


def _pattern(handle: str | None, name: str | None) -> tuple[re.Pattern[str], str]:
    """A regex finding the person in text, and a plain needle to pre-filter with in SQL."""
    if handle is not None:
        core = normalise_handle(handle)
        regex = rf"(?<![\w-])(?:/?u/|@)?{re.escape(core)}(?![\w-])"
        return re.compile(regex, re.IGNORECASE), core
    words = normalise_name(name or "").split()
    space = r"[\s\u00a0]+"
    full = space.join(re.escape(w) for w in words)
    if len(words) < 2:
        return re.compile(rf"(?<!\w){full}(?!\w)", re.IGNORECASE), words[0]
    # Staff are named by title and surname far more often than in full ("Mr Hollis"):
    # a request by full name must find those too (the DPO checks it is the same person).
    titled = rf"(?:{'|'.join(HONORIFICS)})\.?{space}{re.escape(words[-1])}"
    return re.compile(rf"(?<!\w)(?:{full}|{titled})(?!\w)", re.IGNORECASE), words[-1]


def _snippets(pattern: re.Pattern[str], text: str) -> list[str]:
    found = []
    for match in pattern.finditer(text):
        start = max(0, match.start() - SNIPPET_CONTEXT)
        end = min(len(text), match.end() + SNIPPET_CONTEXT)
        found.append(("..." if start else "") + text[start:end] + ("..." if end < len(text)
                                                                   else ""))
    return found


def _email_parts(raw: str) -> tuple[str, list[tuple[str, str]]]:
    """The subject and every text part, as (subtype, decoded content), of a stored
    RFC 5322 message."""
    message = email.message_from_string(raw, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            content = str(part.get_content())
        except (LookupError, ValueError):
            content = str(part.get_payload(decode=False) or "")
        parts.append((part.get_content_subtype(), content))
    return str(message.get("Subject", "")), parts


def _visible_text(subtype: str, content: str) -> str:
    """A text part as its reader saw it: HTML without its tags and entities."""
    if subtype == "html":
        return html.unescape(re.sub(r"<[^>]*>", " ", content))
    return content


def _flat(text: str | None) -> str:
    """Text on one line with unsafe characters spaced out, as emails quote posts."""
    from dashboards.email.render import one_line  # the emails' own flattening

    return one_line(text or "")


def _quoted(text: str | None, haystack: str) -> str | None:
    """How much of ``text`` (a post's title or body) the flattened email quotes, or None.

    The answer is always a prefix of ``text`` itself (with "..." when the email cut
    it short), never anything else from the email.
    """
    words = _flat(text)
    if not words:
        return None
    probe = words[:QUOTE_PROBE_CHARS]
    best = 0
    start = haystack.find(probe)
    while start != -1:
        length = len(probe)
        while (length < len(words) and start + length < len(haystack)
               and haystack[start + length] == words[length]):
            length += 1
        end = start + length
        # Whole words only: "lol" is not quoted by "lollipop".
        starts_clean = start == 0 or not haystack[start - 1].isalnum() or \
            not words[0].isalnum()
        ends_clean = length < len(words) or end == len(haystack) or \
            not haystack[end].isalnum() or not words[-1].isalnum()
        if starts_clean and ends_clean:
            best = max(best, length)
        start = haystack.find(probe, start + 1)
    if not best:
        return None
    if best < len(words):
        cut = words[:best]
        # Stop at the last whole word: the email may have cut inside one.
        if words[best].isalnum() and cut[-1].isalnum() and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        return cut.rstrip(" ,.;:-") + "..."
    return words


def _recipient_role(address: str, config: Config | None, school_id: str | None,
                    plain_text: str) -> str:
    """Who an email went to, in role terms where possible, else the address."""
    wanted = address.strip().lower()
    phrases: list[str] = []
    if config is not None:
        schools = [s for s in config.schools if school_id is None or s.id == school_id]
        for school in schools:
            contacts = school.contacts
            roles = [role for role, held_by in (
                ("headteacher", contacts.headteacher),
                ("designated safeguarding lead (DSL)", contacts.dsl),
                ("school office", contacts.office)) if held_by.strip().lower() == wanted]
            if roles:
                phrases.append(f"the {' and '.join(roles)} of {school.name}")
        for trust in config.trusts:
            if school_id is not None and school_id not in trust.schools:
                continue
            if trust.contacts.get("trust", "").strip().lower() == wanted:
                phrases.append(f"the trust contact for {trust.name}")
    if phrases:
        return "; ".join(phrases)
    # The last such line of the plain-text part: quoted posts there are indented.
    footers = _FOOTER_ROLE.findall(plain_text)
    if footers:
        return footers[-1].strip()
    return address


def _email_kind(row: dict[str, Any]) -> str:
    """'urgent alert', 'notice for the DSL' or 'daily digest' (from the outbox key)."""
    prefix = str(row["message_id"]).split(":", 1)[0]
    if row["kind"] == "alert" and prefix in EMAIL_KINDS:
        return EMAIL_KINDS[prefix]
    return EMAIL_KINDS.get(row["kind"], str(row["kind"]))


def _email_entry(row: dict[str, Any], record: SubjectRecord, reasons: list[str],
                 parts: list[tuple[str, str]], config: Config | None) -> dict[str, Any]:
    """What the pack holds about one email: never its body or other people's posts."""
    haystack = "\n".join(_flat(_visible_text(subtype, content)) for subtype, content in parts)
    plain = "\n".join(content for subtype, content in parts if subtype == "plain")
    quoted = []
    for post in record.authored:
        found = [q for q in (_quoted(post.get("title"), haystack),
                             _quoted(post.get("body"), haystack)) if q]
        if found:
            quoted.append({"mention_id": post["mention_id"], "url": post.get("url"),
                           "quoted": found})
    naming = [{"mention_id": post["mention_id"], "url": post.get("url")}
              for post in record.named_in
              if _quoted(post.get("body"), haystack) or _quoted(post.get("title"), haystack)]
    school_id = next((c["school_id"] for c in record.cases if c["case_id"] == row["case_id"]),
                     None)
    if quoted:
        reasons = [*reasons, "quotes_their_post"]
    return {"message_id": row["message_id"], "date": row["sent_at"] or row["created_at"],
            "kind": _email_kind(row),
            "sent_to": _recipient_role(row["recipient"], config, school_id, plain),
            "status": row["status"], "case_id": row["case_id"], "why": reasons,
            "their_posts_quoted": quoted, "posts_naming_them_quoted": naming}


def _plain_mention(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    if isinstance(row.get("raw_json"), str):
        row["raw_json"] = json.loads(row["raw_json"])
    return row


def find_subject(con: duckdb.DuckDBPyConnection, key: bytes, *, handle: str | None = None,
                 name: str | None = None, actor: str = "cli",
                 log: bool = True, config: Config | None = None) -> SubjectRecord:
    """Find everything held about a handle or a name (logged as ``privacy.find``).

    With ``config``, emails say who they went to by role ("the headteacher of
    ..."); without it, by the role the email's own footer gave, else the address.
    """
    handle, name = _check_query(handle, name)
    reference = subject_reference(key, handle, name)
    pattern, needle = _pattern(handle, name)
    record = SubjectRecord(kind="handle" if handle else "name", reference=reference)
    if handle is not None:
        authors = [normalise_handle(handle), pseudonym_for(handle, key)]
    else:
        authors = [normalise_name(name or "")]
    record.authored = [_plain_mention(r) for r in subjects.mentions_by_author(con, authors)]
    authored_ids = {m["mention_id"] for m in record.authored}
    if handle is None:
        # Feed authors are display names with odd spacing; match them like text.
        for row in subjects.mentions_containing(con, needle):
            if row["mention_id"] not in authored_ids and row.get("author") and \
                    pattern.fullmatch(row["author"].strip()):
                record.authored.append(_plain_mention(row))
                authored_ids.add(row["mention_id"])
    for row in subjects.mentions_containing(con, needle):
        if row["mention_id"] in authored_ids:
            continue
        found = _snippets(pattern, f"{row['title']}\n{row['body']}")
        if found:
            plain = _plain_mention(row)
            plain["found"] = found
            record.named_in.append(plain)
    mention_ids = record.mention_ids()
    record.cases = subjects.cases_for_mentions(con, mention_ids)
    case_ids = [c["case_id"] for c in record.cases]
    actors = authors if handle is not None else [name or ""]
    for row in subjects.decisions(con, case_ids, needle, actors):
        reasons = []
        if row["case_id"] in case_ids:
            reasons.append("case")
        if pattern.search(json.dumps(row["detail"], ensure_ascii=False)):
            reasons.append("names_them")
        if row["actor"].strip().casefold() in {a.casefold() for a in actors}:
            reasons.append("made_by_them")
        if reasons:
            row["why"] = reasons
            record.decisions.append(row)
    for row in subjects.outbox_messages(con):
        subject, parts = _email_parts(row["message"])
        reasons = []
        if row["case_id"] and row["case_id"] in case_ids:
            reasons.append("case")
        if pattern.search("\n".join([subject, *(content for _, content in parts)])):
            reasons.append("names_them")
        if reasons:
            record.emails.append(_email_entry(row, record, reasons, parts, config))
    if name is not None:
        hashed = hash_name(name, key)
        if hashed is not None:
            record.roster_schools = pupils.schools_with_hash(con, hashed.name_hash)
    record.audit_trail = audit.entries_for_objects(con, [*mention_ids, *case_ids])
    if log:
        audit.log(con, actor, "privacy.find", "subject", reference, record.counts())
    return record


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _private_file(path: Path, text: str) -> None:
    """Write a file only its owner can read: it holds personal data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def export_subject(con: duckdb.DuckDBPyConnection, record: SubjectRecord, out_dir: Path,
                   actor: str = "cli") -> list[Path]:
    """Write the subject access pack (JSON, HTML, CSV) and log the export."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"subject-access-{record.reference}"
    data = record.as_dict()
    data["exported_at"] = datetime.now(UTC).isoformat()
    paths = [stem.with_suffix(".json"), stem.with_suffix(".html"), stem.with_suffix(".csv")]
    _private_file(paths[0], json.dumps(data, ensure_ascii=False, indent=2,
                                       default=_json_default))
    _private_file(paths[1], render_html(record, data["exported_at"]))
    _private_file(paths[2], render_csv(record))
    audit.log(con, actor, "privacy.export", "subject", record.reference,
              {**record.counts(), "files": [p.name for p in paths]})
    return paths


def _rows_for_table(record: SubjectRecord) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for section, items in (("post by them", record.authored),
                           ("post naming them", record.named_in)):
        for m in items:
            rows.append({"section": section, "id": m["mention_id"],
                         "when": str(m.get("posted_at") or m.get("fetched_at") or ""),
                         "where": m.get("url") or "", "author": m.get("author") or "",
                         "text": f"{m.get('title') or ''}\n{m.get('body') or ''}".strip()})
    for c in record.cases:
        rows.append({"section": "case", "id": c["case_id"], "when": str(c["opened_at"]),
                     "where": c["school_id"], "author": "",
                     "text": f"status {c['status']}; action {c['action']}; {c['reason']}"})
    for d in record.decisions:
        rows.append({"section": "staff decision", "id": d["decision_id"],
                     "when": str(d["decided_at"]), "where": d["case_id"], "author": d["actor"],
                     "text": f"{d['decision']}: {json.dumps(d['detail'], ensure_ascii=False)}"})
    for e in record.emails:
        rows.append({"section": "email", "id": e["case_id"] or "", "when": str(e["date"]),
                     "where": e["sent_to"], "author": "", "text": _email_summary(e)})
    for school in record.roster_schools:
        rows.append({"section": "pupil roster", "id": school, "when": "", "where": school,
                     "author": "", "text": "the name is on this school's pupil roster "
                     "(stored only as a keyed hash)"})
    return rows


_EMAIL_STATUS = {"sent": "sent", "queued": "written but not yet sent",
                 "sending": "being sent", "unconfirmed": "handed to the mail server "
                 "(delivery not confirmed)", "failed": "not delivered"}


def _email_summary(entry: dict[str, Any]) -> str:
    """One email in words: what it was, who got it, why it is here, the requester's own
    words it quoted. The email's other content is only ever mentioned, never shown."""
    status = _EMAIL_STATUS.get(str(entry["status"]), str(entry["status"]))
    lines = [f"{entry['kind'][:1].upper()}{entry['kind'][1:]} ({status}) to "
             f"{entry['sent_to']}."]
    why = entry["why"]
    if entry["case_id"] and "case" in why:
        lines.append(f"It was about case {entry['case_id']}, which holds your post(s) or "
                     "a post naming you.")
    if "names_them" in why:
        lines.append("It names you.")
    for post in entry["their_posts_quoted"]:
        lines.append(f"It quoted your post {post['url'] or post['mention_id']}:")
        lines += [f'  "{quote}"' for quote in post["quoted"]]
    naming = entry["posts_naming_them_quoted"]
    if naming:
        lines.append(f"It quoted {len(naming)} post(s) by someone else that name you, "
                     "listed here as posts naming them: "
                     + ", ".join(post["url"] or post["mention_id"] for post in naming) + ".")
    lines.append("The rest of the email (other people's posts and details, staff "
                 "information) is not about you and is not reproduced here.")
    return "\n".join(lines)


def render_csv(record: SubjectRecord) -> str:
    """One CSV row per record found."""
    from io import StringIO

    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["section", "id", "when", "where", "author",
                                                "text"])
    writer.writeheader()
    for row in _rows_for_table(record):
        # A leading =, +, - or @ would run as a formula in a spreadsheet.
        writer.writerow({k: ("'" + v if v[:1] in ("=", "+", "-", "@") else v)
                         for k, v in row.items()})
    return buffer.getvalue()


def render_html(record: SubjectRecord, exported_at: str) -> str:
    """A plain, self-contained page a person can read; every value escaped."""
    esc = html.escape
    counts = "".join(f"<li>{esc(k.replace('_', ' '))}: {v}</li>"
                     for k, v in record.counts().items())
    body_rows = "".join(
        "<tr>" + "".join(f"<td>{esc(row[c])}</td>" for c in
                         ("section", "when", "where", "author", "text")) + "</tr>"
        for row in _rows_for_table(record))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Subject access: what schoolwatch holds ({esc(record.reference)})</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.4em;vertical-align:top;
white-space:pre-wrap}}</style></head><body>
<h1>What schoolwatch holds about this {esc(record.kind)}</h1>
<p>Reference {esc(record.reference)}, exported {esc(exported_at)}. Public posts were collected
because they mention a school; see the school's data protection notice for why and for how
long they are kept. The JSON file beside this page holds every field. Emails that
mentioned you are described, not copied: when each was sent, what kind it was, who it went
to and what of your own posts it quoted; the rest of each email is other people's data.</p>
<ul>{counts}</ul>
<table><thead><tr><th>What</th><th>When</th><th>Where</th><th>Author</th><th>Content</th></tr>
</thead><tbody>{body_rows}</tbody></table>
</body></html>
"""


def erase_subject(con: duckdb.DuckDBPyConnection, record: SubjectRecord,
                  actor: str = "cli", now: datetime | None = None) -> dict[str, Any]:
    """Erase what was found, except what is held; returns and logs what happened."""
    now = now or datetime.now(UTC)
    naming_decisions = [d["decision_id"] for d in record.decisions if "names_them" in d["why"]]
    result = subjects.erase(con, record.mention_ids(), naming_decisions,
                            [e["message_id"] for e in record.emails], now)
    withheld = list(result["withheld"])
    withheld += [{"kind": "decision", "id": d["decision_id"],
                  "reason": "a staff member's own decision record: kept as the school's record "
                            "of what was done"}
                 for d in record.decisions
                 if d["why"] == ["made_by_them"]]
    withheld += [{"kind": "pupil roster", "id": school,
                  "reason": "the name is on this school's pupil roster in the config file: "
                            "remove it from 'pupils' there; its hash goes at the next "
                            "nightly run"}
                 for school in record.roster_schools]
    if record.audit_trail:
        withheld.append({"kind": "audit log", "id": f"{len(record.audit_trail)} entries",
                         "reason": "the audit log is append-only and is kept as the record "
                                   "of who did what"})
    report = {"reference": record.reference, "deleted": result["deleted"],
              "withheld": withheld}
    audit.log(con, actor, "privacy.erase", "subject", record.reference,
              {"deleted": result["deleted"], "withheld": withheld})
    return report
