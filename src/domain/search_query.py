"""What a person types in the search box, turned into a safe FTS5 MATCH expression over the index of migration 0005
(d1/search.py adds the cabinet's tenant token and runs it).

Safety: the expression is built from `fold`ed words only — runs of `[0-9a-z]`, each one inside double quotes — so no
character of the user's text can reach FTS5 as syntax: quotes, `*`, `^`, `:`, parentheses, `NEAR`, `AND`, `OR`,
`NOT` and column names all end up as plain words (or nothing). Every phrase carries a column filter that leaves the
`tenant` column out, so a word can never match a cabinet's token.

Matching: every word is required, accents and case aside (the tokenizer removes diacritics on the indexed side,
`fold` on this side); the last word is a prefix (the user is still typing it); `œ`/`æ` are tried both as written and
opened, since the tokenizer keeps ligatures as letters. A query that looks like a court reference (`24/01234`,
`RG 24-1234`, `2401234`, a Portalis number) also matches the `refs` column in the forms `reference_variants` indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import InvalidInput
from domain.search_text import fold, reference_variants

MIN_CHARS = 2
MAX_WORDS = 12  # beyond, the words add cost and no precision
MAX_WORD_CHARS = 64
TOO_SHORT = "Saisissez au moins deux caractères (lettres ou chiffres) à rechercher."
_TEXT_COLUMNS = "{title body refs}"
# Words that introduce a reference rather than being part of it: "RG n° 24/01234", "réf. 2024-0042".
_REFERENCE_LEAD = re.compile(
    r"^\s*(?:(?:rg|n\s*°|no|num[ée]ro|portalis|pourvoi|r[ée]f(?:[ée]rence)?)(?![a-z])\s*[:.]?\s*)+", re.IGNORECASE
)
_REFERENCE = re.compile(r"^[0-9A-Za-z]+(?:\s*[/\-.\s]\s*[0-9A-Za-z]+){0,5}$")
_LIGATURES = (("oe", "œ"), ("ae", "æ"))


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...]  # folded; the last one is matched as a prefix
    references: tuple[str, ...]  # the reference variants matched in `refs`, when the text looks like one

    @property
    def expression(self) -> str:
        """The MATCH expression, without the cabinet's token (the repository ANDs it in front)."""
        branches = []
        if self.words:
            last = len(self.words) - 1
            branches.append(" AND ".join(_word(word, prefix=i == last) for i, word in enumerate(self.words)))
        if self.references:
            branches.append(" OR ".join(f'refs : "{variant}"' for variant in self.references))
        return " OR ".join(f"({branch})" for branch in branches)


def search_query(text: str) -> SearchQuery:
    """The query for `text`; InvalidInput naming `q` when nothing searchable is left (empty, one character)."""
    words = tuple(word[:MAX_WORD_CHARS] for word in fold(text).split()[:MAX_WORDS])
    if len("".join(words)) < MIN_CHARS:
        raise InvalidInput(TOO_SHORT, field="q")
    return SearchQuery(words, tuple(_reference_variants(text)))


def looks_like_reference(text: str) -> bool:
    """Digits and letters in a few groups separated by `/`, `-`, `.` or spaces, with enough digits to be a number
    (RG, administrative, pourvoi), enough groups with a digit to be a Portalis number, or any digit at all after a
    word that announces a reference ("Portalis dbx6wb7habcde")."""
    candidate = _REFERENCE_LEAD.sub("", text).strip()
    if not _REFERENCE.match(candidate):
        return False
    digits = sum(char.isdigit() for char in candidate)
    groups = len(re.findall(r"[0-9A-Za-z]+", candidate))
    announced = candidate != text.strip()
    return digits >= 4 or (digits >= 1 and (groups >= 3 or announced))


def _reference_variants(text: str) -> list[str]:
    if not looks_like_reference(text):
        return []
    # reference_variants keeps only [0-9A-Za-z] runs: the variants are as safe to quote as folded words.
    return reference_variants(_REFERENCE_LEAD.sub("", text).strip())


def _word(word: str, *, prefix: bool) -> str:
    star = " *" if prefix else ""
    forms = [word]
    for opened, ligature in _LIGATURES:
        if opened in word:
            forms.append(word.replace(opened, ligature))
    phrases = [f'{_TEXT_COLUMNS} : "{form}"{star}' for form in forms]
    return phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})"
