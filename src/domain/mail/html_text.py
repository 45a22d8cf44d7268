"""HTML bodies to readable plain text with the standard library's tolerant parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "ul",
    ]
)
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "xml"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*\n+")


class _TextCollector(HTMLParser):
    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.size = 0
        self.limit = limit
        self.skip_depth = 0
        self.quote_depth = 0
        self.at_line_start = True

    def _emit(self, text: str) -> None:
        if self.size >= self.limit:
            return
        if self.quote_depth and self.at_line_start and text.strip():
            text = "> " * self.quote_depth + text
        self.pieces.append(text)
        self.size += len(text)
        self.at_line_start = text.endswith("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag == "br":
            self._emit("\n")
        elif tag in _BLOCKS:
            self._emit("\n")
            if tag == "blockquote":
                self.quote_depth += 1
        elif tag == "tr" and not self.at_line_start:
            self._emit("\n")  # one line per row, no blank line between rows: a table reads as one block
        elif tag in ("td", "th"):
            self._emit(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._emit(f"[{alt}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "img"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and not self.at_line_start:
            self._emit("\n")
        elif tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCKS:
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        data = _SPACES.sub(" ", data.replace("\n", " "))
        if self.at_line_start:
            data = data.lstrip()
        if data:
            self._emit(data)


MAX_HTML_CHARS = 1_000_000


def _defuse(html: str) -> str:
    """The markup with every "<" after the last ">" escaped: no tag or comment can close there, and
    html.parser re-scans the whole rest of the input for each such "<" (an unclosed "<!--" then 300,000
    "<a " never finished). Escaped, they read as the text they are."""
    last = html.rfind(">")
    tail = html[last + 1 :]
    return html if "<" not in tail else html[: last + 1] + tail.replace("<", "&lt;")


def html_to_text(html: str, limit: int = 2_000_000, defects: list[str] | None = None) -> str:
    """Readable text of an HTML document: blocks become lines, blockquotes become "> " quotes.

    Only the first `MAX_HTML_CHARS` characters are read (a defect says so when `defects` is given).
    """
    if len(html) > MAX_HTML_CHARS:
        if defects is not None:
            defects.append(f"html: over {MAX_HTML_CHARS} characters, the rest not read")
        html = html[:MAX_HTML_CHARS]
    collector = _TextCollector(limit)
    try:
        collector.feed(_defuse(html))
        collector.close()
    except (AssertionError, ValueError):  # very old CPython versions raise on some broken markup
        pass
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(collector.pieces).split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
