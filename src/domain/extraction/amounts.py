"""Amounts in euros: "1 500,00 €", "2.000 euros", "EUR 350", "€ 12,50"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind
from domain.extraction.spans import Spans

_NUMBER = r"(?P<n>\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?:,\d{1,2})?|\d+(?:[,.]\d{1,2})?)"
AFTER = re.compile(rf"(?<![\d,.]){_NUMBER}\s?(?:€|euros?\b|EUR\b|TTC\b\s?€?|HT\b\s?€?)", re.IGNORECASE)
BEFORE = re.compile(rf"(?:€|\bEUR)\s?{_NUMBER}(?![\d])", re.IGNORECASE)


def parse_amount(raw: str) -> str | None:
    """'1 500,00' → '1500.00'; None when it is not a number."""
    cleaned = re.sub(r"[ .\u00a0\u202f](?=\d{3}(?:\D|$))", "", raw.strip()).replace(",", ".")
    try:
        return f"{Decimal(cleaned):.2f}"
    except InvalidOperation:
        return None


def find_amounts(text: str, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    """At most `limit` amounts; a match overlapping one already read is skipped."""
    facts: list[Fact] = []
    taken = Spans()
    for regex in (AFTER, BEFORE):
        for match in regex.finditer(text):
            if len(facts) >= limit:
                break
            if taken.overlaps(match.start(), match.end()):
                continue
            value = parse_amount(match.group("n"))
            if value is None or ("TTC" in match.group(0).upper() and "€" not in match.group(0)):
                continue
            taken.take(match.start(), match.end())
            facts.append(Fact(FactKind.AMOUNT, value, match.group(0), match.start(), match.end(), 0.9))
    return sorted(facts, key=lambda f: f.start)
