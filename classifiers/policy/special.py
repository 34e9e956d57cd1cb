"""Special rules that the law, not just the policy, imposes: s141F, indecent images, sexual content.

Each detector returns the words that made it fire (so the dashboard can show
why) or ``None``. They are deliberately conservative text cues over the
classifier's labels: they flag a case for a person to look at, never act.

- **s141F**: the Education Act 2002 s141F forbids publishing anything likely
  to identify a teacher accused by a pupil of a criminal offence. Fires when a
  post identifies a member of staff, says a child was harmed by them, and
  frames it as an allegation (or the classifier saw safeguarding/defamation).
- **Indecent images of children (IIOC)**: fires when a post appears to offer or
  point to sexual images involving a child. The media is never downloaded or
  stored; only the URL is recorded and the police are recommended.
- **Sexual content**: harmful posts of a sexual nature go to the police
  (Federation policy: "of a sexual nature ... consider contacting the police").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

# Staff identified by name (honorific + surname) or by a role only they hold.
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Miss|Ms|Mx|Dr|Sir)\.? [A-Z][a-zA-Z'-]+")
_STAFF_ROLE = re.compile(
    r"\b(?:(?:year|yr) ?\d{1,2} |reception |PE |P\.E\. |maths |music |science |drama |form |"
    r"class |supply |deputy |assistant )?(?:teacher|head ?teacher|head of year|"
    r"teaching assistant|form tutor|deputy head)\b", re.IGNORECASE)
_CHILD_REF = re.compile(
    r"\b(?:pupils?|students?|child(?:ren)?|kids?|girls?|boys?|sons?|daughters?|"
    r"(?:year|yr) ?\d{1,2}s?|\d{1,2}[- ]?(?:yo|year[- ]olds?)|under-?age|minors?|"
    r"schoolgirls?|schoolboys?|little ones?)\b", re.IGNORECASE)
_CONDUCT = re.compile(
    r"\b(?:assault\w*|abus(?:e|ed|es|ing)|touch(?:ed|ing)|grop\w*|hit|hitting|slapp?\w*|"
    r"punch\w*|kick(?:ed|ing)|grabb\w*|shov\w*|inappropriate(?:ly)?|sexual\w*|groom\w*|"
    r"restrain\w*|molest\w*|hurt (?:a|my|our|the|his|her|their) \w+)\b", re.IGNORECASE)
_ALLEGATION = re.compile(
    r"\b(?:accus\w*|alleg\w*|under investigation|being investigated|suspended|arrested|"
    r"reported (?:him|her|them|it) to|made a complaint|disclos\w*|claims? (?:that|he|she))\b",
    re.IGNORECASE)

_SEXUAL_WORD = re.compile(
    r"\b(?:nude|nudes|naked|topless|indecent|explicit|sexual\w*|sexy|porn\w*|xxx|undress\w*|"
    r"sext\w*|rape\w*|raping|molest\w*|grop\w*|paedo\w*|pedo\w*|peado\w*|nonce|perv\w*|"
    r"slut\w*|whore\w*|wank\w*)\b", re.IGNORECASE)
# Phrases about the curriculum or safeguarding education, not sexual content.
_CURRICULUM = re.compile(
    r"\b(?:sex(?:ual)? (?:education|ed)|relationships and sex(?:ual)? education|RSE|RSHE|"
    r"sexual health|sexual orientation)\b", re.IGNORECASE)
_IMAGE_WORD = re.compile(
    r"\b(?:pics?|pictures?|photos?|images?|videos?|vids?|nudes|selfies?|snaps?|footage)\b",
    re.IGNORECASE)
# Someone offering, pointing to or passing round media.
_SHARING = re.compile(
    r"\b(?:leaked|here(?:'s| is| are)|look at (?:this|these|her|him)|check (?:out|this)|links?|"
    r"dm (?:me|for)|message me|download|got (?:the|her|his|their)|send(?:ing)? (?:me|them)|"
    r"swap|trade|anyone (?:got|have)|going round|being shared|posted (?:her|his|their))\b"
    r"|https?://", re.IGNORECASE)
_MEDIA_URL = re.compile(
    r"\.(?:jpe?g|png|gif|webp|mp4|mov|webm)(?:\?|$)|//(?:i\.redd\.it|v\.redd\.it|i\.imgur\.com|"
    r"imgur\.com)/", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """Why a special rule fired: the words found, joined for display."""

    words: tuple[str, ...]

    def describe(self) -> str:
        return ", ".join(f'"{w}"' for w in self.words)


def _without_curriculum(text: str) -> str:
    return _CURRICULUM.sub(" ", text)


def sexual_content(text: str) -> Cue | None:
    """Words of a sexual nature (curriculum phrases such as "sex education" ignored)."""
    match = _SEXUAL_WORD.search(_without_curriculum(text))
    return Cue((match.group(0),)) if match else None


def possible_iioc(text: str, url: str, labels: Collection[str]) -> Cue | None:
    """A post that may offer or point to indecent images of a child.

    Needs sexual image words, a child, and someone sharing or pointing to
    media (or a URL that is itself media). A news story warning about image
    sharing has no "here's the link" and does not fire.
    """
    cleaned = _without_curriculum(text)
    sexual = _SEXUAL_WORD.search(cleaned)
    image = _IMAGE_WORD.search(cleaned)
    if not sexual or not image:
        return None
    child = _CHILD_REF.search(cleaned)
    if not child and "identifies_pupil" not in labels:
        return None
    sharing = _SHARING.search(cleaned) or _MEDIA_URL.search(url or "")
    if not sharing:
        return None
    words = [sexual.group(0), image.group(0), child.group(0) if child else "pupil identified",
             sharing.group(0)]
    return Cue(tuple(words))


def possible_s141f(text: str, labels: Collection[str],
                   staff_spans: Sequence[str] = ()) -> Cue | None:
    """A post that may identify a teacher accused by a pupil (Education Act 2002 s141F)."""
    teacher = _HONORIFIC.search(text) or _STAFF_ROLE.search(text)
    teacher_words = teacher.group(0) if teacher else (staff_spans[0] if staff_spans else "")
    if not teacher_words and "names_staff" not in labels:
        return None
    child = _CHILD_REF.search(text)
    conduct = _CONDUCT.search(text)
    if not child or not conduct:
        return None
    allegation = _ALLEGATION.search(text)
    framed = allegation.group(0) if allegation else next(
        (f"label {lab}" for lab in ("safeguarding", "defamatory") if lab in labels), "")
    if not framed:
        return None
    return Cue((teacher_words or "member of staff named", child.group(0), conduct.group(0),
                framed))
