"""Parties of a case as mail names them: "Martin c/ SARL Dupont", "Parties : MARTIN / DUPONT", a subject
"Objet : Acte signifié - Martin / SCI Les Tilleuls", and (party_blocks) role blocks, tables and acts' headings."""

from __future__ import annotations

import re

from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind
from domain.extraction.party_blocks import find_role_parties
from domain.extraction.spans import Spans

_FORM = (
    r"(?:SARL|SAS|SASU|SA|SCI|SCP|SELARL|SELAS|EURL|SNC|GIE|Soci[ée]t[ée]|St[ée]|M\.|Mme|Mlle|Monsieur"
    r"|Madame|Me|Ma[îi]tre)"
)
# A name word starts a word (never mid-word: that made a long run of capitals quadratic) and is bounded.
_START = r"(?<![\wÀ-ÿ'’\-])"
_WORD = rf"(?:{_START}[A-ZÉÈÀÂÎÔÇ][\wÀ-ÿ'’\-]{{0,40}}\.?)"
_JOIN = r"(?:de|du|des|d['’]|et|la|le|les|&)"
_S = r"[ \t\u00a0]+"  # names never run across lines
# Public bodies keep their lower-case complement: "Préfet de police", "Ministre de l'intérieur"
_INSTITUTION = (
    rf"{_START}(?:Pr[ée]f(?:et|ète)|Ministre|Minist[èe]re|Caisse|Direction|Agence|Recteur)"
    rf"(?:{_S}(?:de{_S}la|de{_S}l['’]|de|du|des|d['’]|pour)(?:{_S}|(?<=['’]))[\wÀ-ÿ'’\-]{{2,30}}){{1,3}}"
)
_NAME = rf"(?:{_INSTITUTION}|{_START}(?:{_FORM}{_S})?{_WORD}(?:{_S}(?:{_JOIN}{_S})?{_WORD}){{0,4}})"
VERSUS = re.compile(rf"(?P<a>{_NAME}){_S}(?:c/|C/|contre|CONTRE){_S}(?P<b>{_NAME})")
# "Objet : MARTIN / SARL DUPONT - RG 24/01234": a subject line naming the parties "X / Y"
SUBJECT = re.compile(
    rf"(?m)^Objet[ \t]*:[ \t]*(?:(?:RE|TR|Fwd?|Réf)[ \t]*:[ \t]*)*(?:[^\n/]{{0,60}}?[ \t][-–—:][ \t]+)?"
    rf"(?:(?:Affaire|Dossier|Aff\.)[ \t]*:?[ \t]+)?"
    rf"(?P<a>{_NAME}){_S}/{_S}(?P<b>{_NAME})(?=[ \t]*(?:[-–—,(:]|$))"
)
_NOT_PARTY = re.compile(
    r"(?i)^(?:RG|N°|Avis|Convocation|Audience|Réf|Portalis|Signification|Conclusions|Jugement|Arrêt|Ordonnance"
    r"|Notification|Facture|Dossier|Affaire|TJ|CA|CPH|TA|CAA)\b"
)
LISTED = re.compile(rf"(?i:parties|affaire)[ \t]*:[ \t]*(?P<a>{_NAME}){_S}/{_S}(?P<b>{_NAME})")
_LEADING_NOISE = re.compile(
    r"^(?:(?:Affaire|Dossier|Objet|Re|RE|TR|Fwd|Audience|Instance|Litige|Procédure|Réf|Concerne|Parties|Expertise"
    r"|L['’]affaire|L['’]instance|L['’]appel)\s*:?\s+)+"
)


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", _LEADING_NOISE.sub("", name)).strip(" .,;")


def find_parties(text: str, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    facts: list[Fact] = []
    taken = Spans()
    for fact in find_role_parties(text, limit):
        if taken.take(fact.start, fact.end):
            facts.append(fact)
    for regex, confidence in ((LISTED, 0.85), (VERSUS, 0.8), (SUBJECT, 0.7)):
        for match in regex.finditer(text):
            if len(facts) >= limit:
                break
            if taken.overlaps(match.start(), match.end()):
                continue
            first, second = _clean(match.group("a")), _clean(match.group("b"))
            if not first or not second:
                continue
            if regex is SUBJECT and (_NOT_PARTY.match(first) or _NOT_PARTY.match(second)):
                continue
            start = match.start("a") + match.group("a").find(first)
            taken.take(match.start(), match.end())
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
