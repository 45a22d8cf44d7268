"""Parties named by their roles: labelled blocks ("DEMANDEUR : …", "APPELANT", "Requérant :"), table rows
(a role cell then a name cell), the headings of commissaires de justice's acts ("À LA REQUÊTE DE …",
"SIGNIFIÉ À …"), and subject lines "X / Y".
"""

from __future__ import annotations

import re
from bisect import bisect_left

from domain.extraction.model import Fact, FactKind

_FIRST_ROLES = (
    ("demandeur", r"demande(?:ur|resse)s?"),
    ("appelant", r"appelante?s?"),
    ("requerant", r"requ[ée]rante?s?"),
    ("requerant", r"[àa]\s+la\s+requ[êe]te\s+de"),
)
_SECOND_ROLES = (
    ("defendeur", r"d[ée]fende(?:ur|resse)s?"),
    ("intime", r"intim[ée]e?s?"),
    ("signifie", r"signifi[ée]e?\s+(?:et\s+(?:d[ée]livr[ée]|laiss[ée])\s+copie\s+)?[àa]"),
    ("signifie", r"d[ée]nonc[ée]e?\s+[àa]"),
)
_SUFFIX = r"(?:\s*\((?:e|es|s)\))?"
_LABEL = r"(?:[ \t]*[:\-–|][ \t]*|[ \t]+(?=(?:La\s+soci[ée]t[ée]|M\.|Mme|Monsieur|Madame|[A-ZÉÈ])))"


def _role_line(roles: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    words = "|".join(f"(?P<r{i}>{p})" for i, (_, p) in enumerate(roles))
    return re.compile(rf"(?im)^[ \t>*|]*(?:{words}){_SUFFIX}(?:{_LABEL}(?P<name>[^\n]*)|[ \t]*:?[ \t]*$)")


FIRST = _role_line(_FIRST_ROLES)
SECOND = _role_line(_SECOND_ROLES)
# "J'ai, commissaire de justice soussigné, donné assignation à :" — the act's verb ends its line with a colon
ACT_SECOND = re.compile(
    r"(?im)(?P<r0>(?:signifi[ée]|d[ée]nonc[ée])(?:\s+et\s+laiss[ée]\s+copie)?|(?:donn[ée]\s+)?assignation)"
    r"\s+[àa][ \t]*:[ \t]*$(?P<name>)"
)
_NAME_END = re.compile(
    r"(?i),|;|\(|\s+(?:demeurant|domicili[ée]|dont\s+le\s+si[èe]ge|n[ée]e?\s+le|repr[ée]sent[ée]|pris(?:e)?\s+en"
    r"|agissant|immatricul[ée]|ayant\s+pour|assist[ée]|contre\b|c/)"
)
_LEAD = re.compile(r"(?i)^(?:la\s+soci[ée]t[ée]\s+|le\s+|la\s+|l['’])(?=\S)")
_NOT_NAMES = re.compile(r"(?i)^(?:n[°o]|rg|le\s|la\s|les\s|à\s|au\s|aux\s|par\s|pour\s|en\s|dans\s|[\d(])")


def _role(match: re.Match[str], roles: tuple[tuple[str, str], ...]) -> str:
    if match.re is ACT_SECOND:
        return "signifie"
    return next(roles[i][0] for i in range(len(roles)) if match.group(f"r{i}"))


def _name_at(text: str, match: re.Match[str]) -> tuple[str, int] | None:
    """The name after a role label: on the same line, else on the next non-empty line; and where it ends."""
    raw, start = (match.group("name") or ""), match.start("name") if match.group("name") else -1
    if not raw.strip():
        following = re.match(r"[ \t]*\n(?:[ \t]*\n)?[ \t>]*(?P<n>[^\n]+)", text[match.end() : match.end() + 300])
        if following is None:
            return None
        raw, start = following.group("n"), match.end() + following.start("n")
    cut = _NAME_END.search(raw)
    kept = (raw[: cut.start()] if cut else raw).rstrip(" \t.:-–|*")
    name = re.sub(r"\s+", " ", _LEAD.sub("", kept).strip(" \t.:-–|*"))[:80].strip()
    if len(name) < 2 or _NOT_NAMES.match(name) or not re.match(r"[A-ZÉÈÀÂÎÔÇ]", name):
        return None
    return name, start + len(kept)


def find_role_parties(text: str, limit: int) -> list[Fact]:
    """One fact per first-role block followed (within 800 characters) by a second-role block."""
    facts: list[Fact] = []
    seconds = sorted([*SECOND.finditer(text), *ACT_SECOND.finditer(text)], key=lambda m: m.start())
    starts = [s.start() for s in seconds]
    for first in FIRST.finditer(text):
        if len(facts) >= limit:
            break
        index = bisect_left(starts, first.end())  # the first second-role block after this one, by bisection
        second = seconds[index] if index < len(seconds) and starts[index] < first.end() + 800 else None
        named_first, named_second = _name_at(text, first), (_name_at(text, second) if second else None)
        if second is None or named_first is None or named_second is None:
            continue
        (a, _), (b, end) = named_first, named_second
        start = first.start() + len(first.group(0)) - len(first.group(0).lstrip(" \t>*|"))
        roles = f"{_role(first, _FIRST_ROLES)}/{_role(second, _SECOND_ROLES)}"
        details = (("first", a), ("second", b), ("roles", roles))
        facts.append(Fact(FactKind.PARTIES, f"{a} c/ {b}", text[start:end], start, end, 0.8, details))
    return facts
