"""Delays (years, months, weeks, days) and the parser for the free delays lawyers type, in figures or words.

"2 mois", "15 jours", "1 an et 2 mois", "quinze jours", "vingt et un jours", "huitaine", "une quinzaine",
"3 semaines", "un mois et 15 jours". Hours, *jours francs* and *jours ouvrables* are refused: they follow
other counting rules than art. 641 CPC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.deadlines.errors import DeadlineInputError


@dataclass(frozen=True)
class Delay:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        return 12 * self.years + self.months

    @property
    def total_days(self) -> int:
        return 7 * self.weeks + self.days

    @property
    def is_empty(self) -> bool:
        return self.total_months == 0 and self.total_days == 0

    def plus(self, other: Delay) -> Delay:
        return Delay(
            self.years + other.years,
            self.months + other.months,
            self.weeks + other.weeks,
            self.days + other.days,
        )

    def french(self) -> str:
        """ "un mois", "2 mois", "un an et 2 mois", "15 jours", "3 semaines"."""
        parts = [
            _count(self.years, "un an", "ans"),
            _count(self.months, "un mois", "mois"),
            _count(self.weeks, "une semaine", "semaines"),
            _count(self.days, "un jour", "jours"),
        ]
        words = [p for p in parts if p]
        if not words:
            return "0 jour"
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]

    def french_with_de(self) -> str:
        """ "d'un mois", "de 2 mois" — the form used after "Délai"."""
        text = self.french()
        return f"d'{text}" if text.startswith(("un", "une")) else f"de {text}"


def _count(n: int, one: str, many: str) -> str:
    if n == 0:
        return ""
    return one if n == 1 else f"{n} {many}"


_UNITS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
}  # fmt: skip
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_HUNDREDS = ("cent", "cents")
_UNIT_WORDS: dict[str, Delay] = {
    "an": Delay(years=1), "ans": Delay(years=1), "annee": Delay(years=1), "annees": Delay(years=1),
    "mois": Delay(months=1),
    "semaine": Delay(weeks=1), "semaines": Delay(weeks=1),
    "jour": Delay(days=1), "jours": Delay(days=1), "j": Delay(days=1),
    "huitaine": Delay(days=8), "huitaines": Delay(days=8),
    "quinzaine": Delay(days=15), "quinzaines": Delay(days=15),
}  # fmt: skip
_FILLERS = {"delai", "de", "d", "du", "dans", "sous", "la", "le", "les", "l", "a", "compter", "soit", "calendaires"}
_REFUSED = {
    "heure": "Les délais en heures ne sont pas pris en charge (art. 641 CPC ne les prévoit pas).",
    "heures": "Les délais en heures ne sont pas pris en charge (art. 641 CPC ne les prévoit pas).",
    "h": "Les délais en heures ne sont pas pris en charge (art. 641 CPC ne les prévoit pas).",
    "franc": "Les délais francs ne sont pas pris en charge en avant (procédure civile : délais non francs).",
    "francs": "Les délais francs ne sont pas pris en charge en avant (procédure civile : délais non francs).",
    "ouvrable": "Les délais en jours ouvrables ne sont pas pris en charge : indiquez un délai calendaire.",
    "ouvrables": "Les délais en jours ouvrables ne sont pas pris en charge : indiquez un délai calendaire.",
}
_TOKEN = re.compile(r"\d+|[a-z]+|\S")


def _tokens(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return [t for t in _TOKEN.findall(plain.replace("-", " ")) if t not in {",", "+", "'", "’"}]


def _is_number_word(token: str) -> bool:
    return token in _UNITS or token in _TENS or token in _HUNDREDS


def _read_number(tokens: list[str], i: int) -> tuple[int | None, int]:
    """The number starting at tokens[i] (figures or French words) and the index after it; None if there is none."""
    if i < len(tokens) and tokens[i].isdigit():
        return int(tokens[i]), i + 1
    value, start = 0, i
    while i < len(tokens):
        token = tokens[i]
        if token == "et" and i > start and i + 1 < len(tokens) and tokens[i + 1] in ("un", "une", "onze"):
            i += 1
            continue
        if token in _UNITS:
            value += _UNITS[token]
        elif token in _TENS:
            value = value * 20 if token.startswith("vingt") and value == 4 else value + _TENS[token]
        elif token in _HUNDREDS:
            value = max(value, 1) * 100
        else:
            break
        i += 1
    return (value, i) if i > start else (None, i)


def parse_delay(text: str) -> Delay:
    """Parse a free French delay; raise DeadlineInputError (French message) when it cannot be read."""
    tokens = _tokens(text)
    delay, i, seen_unit = Delay(), 0, False
    while i < len(tokens):
        token = tokens[i]
        if token in _REFUSED:
            raise DeadlineInputError(_REFUSED[token], field="delay")
        if token in _FILLERS or token == "et":
            i += 1
            continue
        number, i = _read_number(tokens, i)
        if i >= len(tokens) or tokens[i] not in _UNIT_WORDS:
            if i < len(tokens) and tokens[i] in _REFUSED:
                raise DeadlineInputError(_REFUSED[tokens[i]], field="delay")
            raise _unreadable(text)
        unit = _UNIT_WORDS[tokens[i]]
        n = 1 if number is None else number
        delay = delay.plus(Delay(unit.years * n, unit.months * n, unit.weeks * n, unit.days * n))
        seen_unit, i = True, i + 1
    if not seen_unit or delay.is_empty:
        raise _unreadable(text)
    if delay.years > 100 or delay.total_months > 1200 or delay.total_days > 36600:
        raise DeadlineInputError(f"Délai trop long : « {text} ».", field="delay")
    return delay


def _unreadable(text: str) -> DeadlineInputError:
    return DeadlineInputError(
        f"Délai illisible : « {text} ». Exemples : « 1 mois », « 15 jours », « 1 an et 2 mois », "
        "« quinze jours », « huitaine », « 3 semaines ».",
        field="delay",
    )
