"""Text normalisation before tokenising: make social-media conventions readable to the encoder.

The encoder's WordPiece vocabulary has no emoji (every one becomes ``[UNK]``,
so a middle finger and a heart look the same), reads ``#SackTheHead`` as
one odd word, and sees Twitter's anonymised ``@USER @USER @USER`` runs as
noise. ``social-v1`` spells each emoji out by its Unicode name, splits
hashtags into words and collapses runs of mentions. It is idempotent
(normalising twice changes nothing), applied the same way in training and at
run time (the bundle's manifest names it), and only feeds the model: the
stored post text and the rule detectors' spans are never changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

NormaliseFunction = Callable[[str], str]

# Emoji proper: miscellaneous symbols and dingbats (U+2600-27BF: hearts, stars, ticks),
# stars and squares (U+2B00-2BFF) and the pictograph planes. Arrows, geometric shapes,
# circled digits and box drawing are ordinary typography and are left alone, as are
# flags (regional indicators).
_EMOJI = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001f1e5\U0001f200-\U0001faff]")
# Zero-width joiner, variation selectors, keycap mark, skin tones: no meaning of their own.
_JOINERS = re.compile("[\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff]")
# A hashtag starts a word and begins with a letter: not "page#top" in a URL, "&#39;",
# "#1" or "##".
_HASHTAG = re.compile(r"(?<![\w/&#])#([^\W\d_]\w*)")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|_+")
_MENTION_RUN = re.compile(r"@USER(?:\s+@USER)+\b")
_SPACES = re.compile(r"[ \t]{2,}")
# Unicode names describe glyphs, not meaning: "HEAVY BLACK HEART" is a red heart and
# "WHITE SMILING FACE" a smile. Colour and weight words would hand a hate classifier
# "black" and "white" where the writer meant neither, so they are dropped.
_GLYPH_WORDS = frozenset({"black", "white", "heavy", "medium", "light", "small", "large",
                          "sign", "symbol", "suit"})


@lru_cache(maxsize=4096)
def _emoji_words(char: str) -> str:
    words = [w for w in unicodedata.name(char, "").lower().split() if w not in _GLYPH_WORDS]
    # An emoji newer than this Python's Unicode tables has no name: keep it as it is.
    return f" {' '.join(words)} " if words else char


def _spell_emoji(match: re.Match[str]) -> str:
    return _emoji_words(match.group(0))


def _split_hashtag(match: re.Match[str]) -> str:
    return _CAMEL.sub(" ", match.group(1)).strip()


def social_v1(text: str) -> str:
    """Emoji spelt out, hashtags split into words, ``@USER`` runs collapsed."""
    text = _JOINERS.sub("", text)
    text = _EMOJI.sub(_spell_emoji, text)
    text = _HASHTAG.sub(_split_hashtag, text)
    text = _MENTION_RUN.sub("@USER", text)
    return _SPACES.sub(" ", text).strip()


def identity(text: str) -> str:
    """No normalisation (bundles trained before it existed)."""
    return text


NORMALISERS: dict[str, NormaliseFunction] = {"none": identity, "social-v1": social_v1}


def get_normaliser(name: str | None) -> NormaliseFunction:
    """The normaliser a manifest names (``None`` or ``"none"``: the text as it is)."""
    try:
        return NORMALISERS[name or "none"]
    except KeyError:
        raise ValueError(
            f"unknown text normalisation {name!r}: this schoolwatch knows "
            f"{sorted(NORMALISERS)}; the classifier was trained by a newer version"
        ) from None
