"""What every detector needs to know about one text, worked out once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from classifiers.detectors.common import Token, inside, masked_ranges, tokenize
from classifiers.detectors.roster import RosterIndex

_DIGIT = re.compile(r"\d")


@dataclass
class TextContext:
    """A text, its words, the ranges to skip and the roster schools it mentions."""

    text: str
    index: RosterIndex
    tokens: list[Token] = field(init=False)
    masked: list[tuple[int, int]] = field(init=False)
    has_digit: bool = field(init=False)
    school_mentions: list[tuple[int, int, str]] = field(init=False)
    schools_mentioned: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = tokenize(self.text)
        self.has_digit = _DIGIT.search(self.text) is not None
        self.masked = masked_ranges(self.text) if "@" in self.text or "www" in self.text \
            or "http" in self.text else []
        self.school_mentions = self.index.school_mentions(self.text, self.tokens)
        self.schools_mentioned = {school_id for _, _, school_id in self.school_mentions}

    def is_masked(self, token: Token) -> bool:
        """Whether the token sits inside an email or web address."""
        return bool(self.masked) and inside(self.masked, token.start, token.end)
