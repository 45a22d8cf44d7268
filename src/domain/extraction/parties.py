"""Parties of a case as mail names them: "Martin c/ SARL Dupont", "Parties : MARTIN / DUPONT"."""

from __future__ import annotations

import re

from domain.extraction.model import Fact, FactKind

_FORM = (
    r"(?:SARL|SAS|SASU|SA|SCI|SCP|SELARL|SELAS|EURL|SNC|GIE|Soci[ée]t[ée]|St[ée]|M\.|Mme|Mlle|Monsieur"
    r"|Madame|Me|Ma[îi]tre)"
)
_WORD = r"(?:[A-ZÉÈÀÂÎÔÇ][\wÀ-ÿ'’\-]*\.?)"
_JOIN = r"(?:de|du|des|d['’]|et|la|le|les|&)"
_S = r"[ \t\u00a0]+"  # names never run across lines
_NAME = rf"(?:{_FORM}{_S})?{_WORD}(?:{_S}(?:{_JOIN}{_S})?{_WORD}){{0,4}}"
VERSUS = re.compile(rf"(?P<a>{_NAME}){_S}(?:c/|C/|contre|CONTRE){_S}(?P<b>{_NAME})")
LISTED = re.compile(rf"(?i:parties|affaire)[ \t]*:[ \t]*(?P<a>{_NAME}){_S}/{_S}(?P<b>{_NAME})")
_LEADING_NOISE = re.compile(
    r"^(?:(?:Affaire|Dossier|Objet|Re|RE|TR|Fwd|Audience|Instance|Litige|Procédure|Réf|Concerne|Parties"
    r"|L['’]affaire|L['’]instance|L['’]appel)\s*:?\s+)+"
)


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", _LEADING_NOISE.sub("", name)).strip(" .,;")


def find_parties(text: str) -> list[Fact]:
    facts: list[Fact] = []
    for regex, confidence in ((LISTED, 0.85), (VERSUS, 0.8)):
        for match in regex.finditer(text):
            if any(f.start <= match.start() < f.end for f in facts):
                continue
            first, second = _clean(match.group("a")), _clean(match.group("b"))
            if not first or not second:
                continue
            start = match.start("a") + match.group("a").find(first)
            facts.append(
                Fact(
                    FactKind.PARTIES,
                    f"{first} c/ {second}",
                    text[start : match.end()],
                    start,
                    match.end(),
                    confidence,
                    (("first", first), ("second", second)),
                )
            )
    return sorted(facts, key=lambda f: f.start)
