"""Telling what the sender wrote now from what they quoted (replies) or forwarded."""

from __future__ import annotations

import re

from domain.mail.model import BodyText

_FORWARD_MARKERS = re.compile(
    r"^\s*(?:-{2,}\s*(?:Message transf[ée]r[ée]|Forwarded message|Original Message|Message d'origine"
    r"|Mail original|Message original|Début du message réexpédié)\s*-{2,}"
    r"|Begin forwarded message:|Début du message réexpédié\s*:)",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"^\s*(?:Le\s.{4,200}?\sa\s[ée]crit\s?:|On\s.{4,200}?\swrote:|.{0,120}\s<[^>]+@[^>]+>\s+a\s[ée]crit\s?:)\s*$",
    re.IGNORECASE,
)
_OUTLOOK_HEADER = re.compile(r"^\s*\**(?:De|From)\s*\**\s?:\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\**(?:Envoy[ée]|Sent|Date|[ÀA]|To|Objet|Subject)\s*\**\s?:", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:TR|Fwd?|Transf?)\s*:", re.IGNORECASE)


# Attachments' text, as `message_text` appends it: what the sender sends now, never quoted history.
_ATTACHMENT_HEADER = re.compile(r"^Pi[èe]ce jointe : ")


def _is_outlook_block(lines: list[str], index: int) -> bool:
    if not _OUTLOOK_HEADER.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 5] if line.strip()]
    return sum(1 for line in following if _OUTLOOK_NEXT.match(line)) >= 2


def _is_attribution(lines: list[str], index: int) -> bool:
    """ "Le …, X a écrit :" on one line, or wrapped over two as Gmail's plain text does."""
    if _ATTRIBUTION.match(lines[index]):
        return True
    line = lines[index].strip()
    if not re.match(r"(?i)(?:Le|On)\s", line) or index + 1 >= len(lines) or len(line) > 200:
        return False
    return bool(_ATTRIBUTION.match(f"{line} {lines[index + 1].strip()}"))


def _is_wrapped(lines: list[str], index: int) -> bool:
    return not _ATTRIBUTION.match(lines[index]) and _is_attribution(lines, index)


def marker_at(lines: list[str], index: int) -> str:
    """ "forward" or "reply" when a quoted message starts at this line, else ""."""
    if _FORWARD_MARKERS.match(lines[index]):
        return "forward"
    if _is_attribution(lines, index) or _is_outlook_block(lines, index):
        return "reply"
    return ""


def _quoted_with_marks(lines: list[str], index: int) -> bool:
    """Whether the quote an attribution opens is made of ">" lines: then only those are history, and a
    reply written below or between them (bottom posting, "réponses dans le texte") is new text."""
    following = next((line for line in lines[index + 1 : index + 4] if line.strip()), "")
    return following.lstrip().startswith(">")


def history_spans(text: str) -> list[tuple[int, int]]:
    """Where quoted history stands in a message's text: ">" lines, and everything from a reply or forward
    marker on (unless the quote is made of ">" lines), up to the next attachment's text. Spans are [start, end)
    offsets into `text`."""
    spans: list[tuple[int, int]] = []
    lines = text.split("\n")
    offset, in_history = 0, False
    for index, line in enumerate(lines):
        marker = "" if in_history else marker_at(lines, index)
        if _ATTACHMENT_HEADER.match(line):
            in_history = False
        elif marker:
            in_history = marker == "forward" or not _quoted_with_marks(
                lines, index + (1 if _is_wrapped(lines, index) else 0)
            )
        if in_history or marker or line.lstrip().startswith(">"):
            if spans and spans[-1][1] >= offset - 1:
                spans[-1] = (spans[-1][0], offset + len(line))
            else:
                spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def split_body(text: str, subject: str = "", from_html: bool = False) -> BodyText:
    """Split at the first forward/reply marker; lines quoted with ">" are also set apart."""
    lines = text.split("\n")
    cut, forwarded = len(lines), False
    for index in range(len(lines)):
        marker = marker_at(lines, index)
        if marker:
            cut = index
            forwarded = marker == "forward" or bool(_FORWARD_SUBJECT.match(subject))
            break
    head, tail = lines[:cut], lines[cut:]
    new_lines = [line for line in head if not line.lstrip().startswith(">")]
    quoted_lines = [line for line in head if line.lstrip().startswith(">")]
    rest = "\n".join(tail).strip()
    quoted = "\n".join(quoted_lines).strip()
    if not forwarded and rest:
        quoted = f"{quoted}\n{rest}".strip()
    return BodyText(
        full=text,
        new="\n".join(new_lines).strip(),
        quoted=quoted,
        forwarded=rest if forwarded else "",
        from_html=from_html,
    )
