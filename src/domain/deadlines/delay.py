"""Delays (years, months, weeks, days) and the parser for the free delays lawyers type, in figures or words.

"2 mois", "15 jours", "1 an et 2 mois", "quinze jours", "quinze (15) jours", "vingt et un jours", "huitaine",
"une quinzaine", "3 semaines", "un mois et 15 jours". Hours, *jours francs* and *jours ouvrables* are refused: they
follow other counting rules than art. 641 CPC. So are readings that would be guesses: a sign ("-1 mois"), a plural
unit without its number ("jours"), a unit given twice ("2 mois 2 mois"), a figure in brackets that contradicts the
words ("quinze (16) jours"), and symbols the parser does not know ("1½ mois").
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
# "soit" is not a filler: "15 jours soit 2 semaines" restates a delay, it does not add one.
_FILLERS = {"delai", "de", "d", "du", "dans", "sous", "la", "le", "les", "l", "a", "compter", "calendaires"}
# A plural unit needs its number: "jours" alone is not "1 jour".
_NEEDS_NUMBER = {"ans", "annees", "semaines", "jours", "j", "huitaines", "quinzaines"}
_CATEGORY = {"an": "an", "ans": "an", "annee": "an", "annees": "an", "mois": "mois", "semaine": "semaine",
             "semaines": "semaine"}  # fmt: skip
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_REFUSED = {
    "heure": "Les délais en heures ne sont pas pris en charge (art. 641 CPC ne les prévoit pas).",
    "heures": "Les délais en heures ne sont pas pris en charge (art. 641 CPC ne les prévoit pas).",
    "h": "Les délais en heures ne sont pas pris en charge (art. 641 CPC ne les prévoit pas).",
    "franc": "Les délais francs ne sont pas pris en charge en avant (procédure civile : délais non francs).",
    "francs": "Les délais francs ne sont pas pris en charge en avant (procédure civile : délais non francs).",
    "ouvrable": "Les délais en jours ouvrables ne sont pas pris en charge : indiquez un délai calendaire.",
    "ouvrables": "Les délais en jours ouvrables ne sont pas pris en charge : indiquez un délai calendaire.",
}
_TOKEN = re.compile(r"[0-9]+|[a-z]+|\S")


def _check_signs(text: str) -> None:
    """A dash is only allowed inside a number in words ("trente-et-un"): "-1 mois" is not one month."""
    for i, char in enumerate(text):
        if char not in _DASHES:
            continue
        before, after = text[i - 1 : i].isalpha(), text[i + 1 : i + 2].isalpha()
        if not (before and after):
            raise DeadlineInputError(
                f"Délai illisible : « {text} » : signe « {char} » refusé (un délai ne peut pas être négatif ; "
                "pour un délai avant une date, utilisez --backward).",
                field="delay",
            )


def _tokens(text: str) -> list[str]:
    """Lower-case ASCII words, figures and single other characters; accents are dropped, other symbols kept."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", " ")
    return [t for t in _TOKEN.findall(plain) if t not in {",", "+", "'", "\u2019"}]


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
    _check_signs(text)
    tokens = _tokens(text)
    delay, i, seen = Delay(), 0, set[str]()
    while i < len(tokens):
        token = tokens[i]
        if token in _REFUSED:
            raise DeadlineInputError(_REFUSED[token], field="delay")
        if token in _FILLERS or token == "et":
            i += 1
            continue
        number, i = _read_bracketed_number(text, tokens, i)
        if i >= len(tokens) or tokens[i] not in _UNIT_WORDS:
            if i < len(tokens) and tokens[i] in _REFUSED:
                raise DeadlineInputError(_REFUSED[tokens[i]], field="delay")
            raise _unreadable(text)
        delay = delay.plus(_unit_delay(text, tokens[i], number, seen))
        i += 1
    if not seen or delay.is_empty:
        raise _unreadable(text)
    if delay.years > 100 or delay.total_months > 1200 or delay.total_days > 36600:
        raise DeadlineInputError(f"Délai trop long : « {text} ».", field="delay")
    return delay


def _read_bracketed_number(text: str, tokens: list[str], i: int) -> tuple[int | None, int]:
    """A number, optionally repeated in brackets as lawyers write it: "quinze (15) jours", "15 (quinze) jours"."""
    number, i = _read_number(tokens, i)
    if number is None or i >= len(tokens) or tokens[i] != "(":
        return number, i
    again, j = _read_number(tokens, i + 1)
    if again is None or j >= len(tokens) or tokens[j] != ")":
        raise _unreadable(text)
    if again != number:
        raise DeadlineInputError(
            f"Délai contradictoire : « {text} » : le nombre en lettres et le nombre entre parenthèses diffèrent "
            f"({number} et {again}).",
            field="delay",
        )
    return number, j + 1


def _unit_delay(text: str, unit: str, number: int | None, seen: set[str]) -> Delay:
    """`number` `unit`s; refuses a plural unit without its number and a unit given twice ("2 mois 2 mois")."""
    if number is None and unit in _NEEDS_NUMBER:
        raise DeadlineInputError(
            f"Délai illisible : « {text} » : nombre manquant avant « {unit} » (ex. « 15 jours »).", field="delay"
        )
    category = _CATEGORY.get(unit, "jour")
    if category in seen:
        raise DeadlineInputError(
            f"Délai ambigu : « {text} » : l'unité « {category} » apparaît deux fois ; écrivez le délai une seule "
            "fois (ex. « 1 an et 2 mois »).",
            field="delay",
        )
    seen.add(category)
    n = 1 if number is None else number
    base = _UNIT_WORDS[unit]
    return Delay(base.years * n, base.months * n, base.weeks * n, base.days * n)


def _unreadable(text: str) -> DeadlineInputError:
    return DeadlineInputError(
        f"Délai illisible : « {text} ». Exemples : « 1 mois », « 15 jours », « 1 an et 2 mois », "
        "« quinze jours », « huitaine », « 3 semaines ».",
        field="delay",
    )
