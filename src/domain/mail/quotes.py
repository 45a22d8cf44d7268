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


def _is_outlook_block(lines: list[str], index: int) -> bool:
    if not _OUTLOOK_HEADER.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 5] if line.strip()]
    return sum(1 for line in following if _OUTLOOK_NEXT.match(line)) >= 2


def split_body(text: str, subject: str = "", from_html: bool = False) -> BodyText:
    """Split at the first forward/reply marker; lines quoted with ">" are also set apart."""
    lines = text.split("\n")
    cut, forwarded = len(lines), False
    for index, line in enumerate(lines):
        if _FORWARD_MARKERS.match(line):
            cut, forwarded = index, True
            break
        if _ATTRIBUTION.match(line) or _is_outlook_block(lines, index):
            cut = index
            forwarded = bool(_FORWARD_SUBJECT.match(subject))
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
