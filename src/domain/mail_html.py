"""A message's HTML made safe to show (docs/courrier.md, the message view): an allow-list of structural tags, no
attribute but table spans, no script, style, form, frame or remote content (images and links are reduced to their
text), entities kept escaped. The web app also shows it in a sandboxed frame with remote content blocked; this is
the first of the two walls, not the only one."""

from __future__ import annotations

from email import policy
from email.message import Message
from email.parser import BytesParser
from html import escape
from html.parser import HTMLParser

from domain.mail.charsets import decode_bytes
from domain.mail.parts import charset_of, content_type, disposition, filename_of, payload_bytes

MAX_HTML_CHARS = 1_000_000
_ALLOWED = frozenset({
    "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "blockquote", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "caption", "font", "center",
})  # fmt: skip
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "head", "title", "iframe", "object", "embed", "template",
                                   "svg", "math", "noscript", "form", "select", "textarea", "button"})  # fmt: skip
_VOID = frozenset({"br", "hr"})
_KEPT_ATTRIBUTES = frozenset({"colspan", "rowspan"})


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in _ALLOWED:
            return
        kept = "".join(
            f' {name}="{escape(value)}"'
            for name, value in attrs
            if name in _KEPT_ATTRIBUTES and value and value.isdigit()
        )
        self.out.append(f"<{tag}{kept}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in _ALLOWED or tag in _VOID or tag not in self.open:
            return
        while self.open:  # close what the sender left open inside it
            last = self.open.pop()
            self.out.append(f"</{last}>")
            if last == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def sanitise_html(html: str) -> str:
    parser = _Sanitiser()
    parser.feed(html[:MAX_HTML_CHARS])
    parser.close()
    return parser.result()


def html_body(raw: bytes) -> str | None:
    """The message's first HTML body part (not an attached .html file), decoded; None when it has none."""
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        for part in msg.walk():
            if isinstance(part, Message) and content_type(part) == "text/html" and _is_body(part):
                return decode_bytes(payload_bytes(part, []), charset_of(part))[0]
    except Exception:  # an unreadable message has no HTML to show; its text view says why
        return None
    return None


def _is_body(part: Message) -> bool:
    return disposition(part) != "attachment" and not filename_of(part)


def sanitised_html(raw: bytes) -> str | None:
    html = html_body(raw)
    return sanitise_html(html) if html is not None else None
