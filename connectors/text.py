"""Turn untrusted HTML from feeds into plain text, safely.

The HTML itself is stored verbatim (it is evidence); this text is what gets
matched and classified. The stdlib parser never executes anything: scripts,
styles and other non-content elements are dropped, block elements become line
breaks and entities are decoded.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Elements whose content is never text a person reads.
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object",
                   "svg", "math", "button", "select"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "h1",
                    "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
                    "pre", "hr", "dd", "dt", "figcaption"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area",
                   "base", "col", "embed", "param", "track"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_TAG_HINT = re.compile(r"<[a-zA-Z!/]")

# Cap on the text kept for matching and classification; the raw HTML keeps the rest.
MAX_TEXT_CHARS = 100_000


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag not in _VOID:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Readable plain text of an HTML fragment (plain text passes through, unescaped)."""
    if not html:
        return ""
    if _TAG_HINT.search(html):
        parser = _TextExtractor()
        parser.feed(html)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = unescape(html)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return text[:max_chars]
