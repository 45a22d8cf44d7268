"""French number words, as used in delays ("quinze jours", "un mois", "quarante-cinq jours")."""

from __future__ import annotations

_UNITS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip

NUMBER_WORDS = (
    r"(?:\d{1,3}|(?:vingt|trente|quarante|cinquante|soixante)(?:[\s-](?:et[\s-])?(?:un|une|deux|trois|quatre"
    r"|cinq|six|sept|huit|neuf))?|dix[\s-](?:sept|huit|neuf)|un|une|deux|trois|quatre|cinq|six|sept|huit"
    r"|neuf|dix|onze|douze|treize|quatorze|quinze|seize)"
)


def parse_number(text: str) -> int | None:
    """The value of "15", "quinze", "vingt et un", "quarante-cinq"; None when not a number."""
    cleaned = text.strip().lower()
    if cleaned.isdigit():
        return int(cleaned)
    total = 0
    for word in cleaned.replace("-", " ").split():
        if word == "et":
            continue
        if word not in _UNITS:
            return None
        total += _UNITS[word]
    return total or None
