"""Text normalisation before the model: emoji spelt out, hashtags split, mention runs collapsed."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifiers.model.bundle import DEFAULT_BUNDLE_DIR, TOKENIZER_NAME, BundleError, read_manifest
from classifiers.model.normalise import get_normaliser, social_v1
from classifiers.model.runtime import OnnxScorer
from classifiers.model.windows import WindowTokenizer


@pytest.mark.parametrize(("text", "expected"), [
    ("you 🖕🏻", "you reversed hand with middle finger extended"),
    ("lol 😂😂", "lol face with tears of joy face with tears of joy"),
    ("#SackTheHead now", "Sack The Head now"),
    ("#MAGA2020 #sack_the_head", "MAGA 2020 sack the head"),
    ("@USER @USER @USER shut up", "@USER shut up"),
    ("@USER @USERS", "@USER @USERS"),
    # Glyph colours are not meanings: a hate classifier must not read "black" into a heart.
    ("Mr Pennywell ❤️ thank you", "Mr Pennywell heart thank you"),
    ("☺ ★ 👍", "smiling face star thumbs up"),
    ("1️⃣ first", "1 first"),
    # Typography, URLs, entities and numbers are not emoji or hashtags.
    ("→ ● ① ╔═╗", "→ ● ① ╔═╗"),
    ("https://example.org/page#TopNews it&#39;s #1 ##a", "https://example.org/page#TopNews"
     " it&#39;s #1 ##a"),
    ("plain text, no change", "plain text, no change"),
])
def test_social_v1(text: str, expected: str) -> None:
    assert social_v1(text) == expected


def test_an_emoji_this_python_cannot_name_is_kept_as_it_is() -> None:
    unnamed = next(chr(c) for c in range(0x1FAFF, 0x1F000, -1) if not unicodedata.name(chr(c), ""))
    assert social_v1(f"{unnamed} new") == f"{unnamed} new"


@given(st.text(max_size=200))
def test_social_v1_is_idempotent_and_never_fails(text: str) -> None:
    once = social_v1(text)
    assert social_v1(once) == once


def test_unknown_normalisation_is_refused_with_a_reason() -> None:
    assert get_normaliser(None)("#Keep 😂") == "#Keep 😂"
    with pytest.raises(ValueError, match="trained by a newer version"):
        get_normaliser("social-v9")


def test_window_tokenizer_applies_the_normaliser() -> None:
    tokenizer_file = DEFAULT_BUNDLE_DIR / TOKENIZER_NAME
    plain = WindowTokenizer(tokenizer_file, 64).windows(["😂"])[0].ids
    spelt = WindowTokenizer(tokenizer_file, 64, social_v1).windows(["😂"])[0].ids
    assert len(plain) == 3  # [CLS] [UNK] [SEP]: the encoder cannot see the emoji
    assert len(spelt) > 3 and spelt != plain


def test_a_bundle_naming_an_unknown_normalisation_is_refused(tmp_path) -> None:
    manifest = read_manifest(DEFAULT_BUNDLE_DIR)
    broken = type(manifest)(**{**manifest.__dict__, "text_normalisation": "social-v9"})
    with pytest.raises(BundleError, match="cannot be used"):
        OnnxScorer(DEFAULT_BUNDLE_DIR, broken)
