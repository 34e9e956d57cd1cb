"""Plain records the demo-corpus content modules are written in.

Labels and schools are written as short codes so the hand-written content
stays readable; ``_build.py`` expands them. Every person in the corpus is
fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHOOL_CODES: dict[str, str] = {
    "bh": "beech-hill",
    "cs": "cooper-school",
    "gf": "glory-farm",
    "ss": "st-stephens",
    "br": "bratton",
    "rn": "riverside-north",
    "rs": "riverside-south",
}

LABEL_CODES: dict[str, str] = {
    "ab": "abusive",
    "th": "threat",
    "ha": "hate",
    "de": "defamatory",
    "ns": "names_staff",
    "ip": "identifies_pupil",
    "pd": "personal_data",
    "sg": "safeguarding",
    "cr": "criticism",
}

# Special policy rules a demo item should trigger (not labels).
FLAG_CODES: dict[str, str] = {
    "s141f": "s141f_accused_teacher",
    "iioc": "indecent_images_of_children",
}


def expand(codes: str, table: dict[str, str]) -> list[str]:
    """Turn "ab ns" into ["abusive", "names_staff"]; unknown codes fail loudly."""
    return [table[code] for code in codes.split()]


@dataclass
class C:
    """One comment: on a Reddit submission, a news article or a Disqus thread.

    ``parent`` is the index of the comment it replies to within the same
    thread (None: a reply to the post). ``schools`` None means "the same
    schools as the thread it is in". ``author`` None picks a name from the
    thread's pool; "OP" is the thread's own author.
    """

    author: str | None
    body: str
    labels: str = ""
    parent: int | None = None
    schools: str | None = None
    flags: str = ""
    raw_html: bool = False          # body is markup to put in the feed as is, not text


@dataclass
class Thread:
    """A Reddit submission with its comments."""

    sub: str
    author: str
    title: str
    body: str
    schools: str
    labels: str
    age_days: float
    comments: list[C] = field(default_factory=list)
    url: str | None = None          # a link post; None for a self post
    flags: str = ""
    score: int = 12


@dataclass
class Article:
    """A news article on a WordPress or Atom site, optionally with comments."""

    slug: str
    title: str
    author: str
    html: str
    schools: str
    labels: str
    age_days: float | None          # None: the entry carries no date at all
    comments: list[C] = field(default_factory=list)
    categories: tuple[str, ...] = ()
    summary: str = ""
    flags: str = ""
    relative_link: bool = False     # the feed gives this entry's link as a relative URL
