"""Turn texts into model-sized token windows with the bundle's fast tokenizer.

Short posts (nearly all of them) become one window. A long post is cut into
overlapping windows so that a threat in the last paragraph of a long comment
is still read; the classifier takes each label's highest score over the
windows. Very long texts are capped (``MAX_CHARS``, ``MAX_WINDOWS``): the
rule detectors still read every character.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tokenizers import Tokenizer

MAX_CHARS = 20_000
MAX_WINDOWS = 16
OVERLAP = 16


@dataclass(frozen=True)
class Window:
    """Token ids of one window (with [CLS]/[SEP]) and the text it came from."""

    text_index: int
    ids: tuple[int, ...]


class WindowTokenizer:
    """Fast tokenizer + windowing; no torch or transformers needed."""

    def __init__(self, tokenizer_file: Path, max_length: int,
                 normalise: Callable[[str], str] | None = None) -> None:
        self.normalise = normalise
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.max_length = max_length
        self.cls_id = self._special_id("[CLS]", "<s>")
        self.sep_id = self._special_id("[SEP]", "</s>")
        self.pad_id = self._special_id("[PAD]", "<pad>")

    def _special_id(self, *names: str) -> int:
        for name in names:
            token_id = self.tokenizer.token_to_id(name)
            if token_id is not None:
                return token_id
        raise ValueError(f"the tokenizer has none of the special tokens {names}")

    def windows(self, texts: Sequence[str]) -> list[Window]:
        """All windows of all texts, in text order (every text gets at least one)."""
        # Lone surrogates (undecodable bytes kept verbatim) cannot be tokenised.
        cleaned = [text[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8") for text in texts]
        if self.normalise is not None:
            cleaned = [self.normalise(text) for text in cleaned]
        encodings = self.tokenizer.encode_batch(cleaned, add_special_tokens=False)
        body = self.max_length - 2
        stride = max(1, body - OVERLAP)
        out: list[Window] = []
        for index, encoding in enumerate(encodings):
            ids = encoding.ids
            starts = range(0, max(1, len(ids) - OVERLAP), stride) if len(ids) > body else [0]
            for start in list(starts)[:MAX_WINDOWS]:
                piece = ids[start:start + body]
                out.append(Window(index, (self.cls_id, *piece, self.sep_id)))
        return out
