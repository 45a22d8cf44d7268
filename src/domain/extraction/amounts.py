"""Amounts in euros: "1 500,00 €", "2.000 euros", "EUR 350", "€ 12,50"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from domain.extraction.model import Fact, FactKind

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


def find_amounts(text: str) -> list[Fact]:
    facts: list[Fact] = []
    for regex in (AFTER, BEFORE):
        for match in regex.finditer(text):
            if any(f.start <= match.start() < f.end for f in facts):
                continue
            value = parse_amount(match.group("n"))
            if value is None or ("TTC" in match.group(0).upper() and "€" not in match.group(0)):
                continue
            facts.append(Fact(FactKind.AMOUNT, value, match.group(0), match.start(), match.end(), 0.9))
    return sorted(facts, key=lambda f: f.start)
