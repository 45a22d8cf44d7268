"""Text for the full-text index: how names are folded for comparison and how references are written so that any
punctuation finds them. Pure functions shared by the index writers (d1/search_index.py), the search query builder
and the conflict-of-interest check.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")
_REFERENCE_PARTS = re.compile(r"[0-9A-Za-z]+")


def fold(text: str) -> str:
    """Lower case, accents removed, ligatures opened (œ → oe), every run of other characters one space."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(_WORD.findall(bare))


def name_key(name: str) -> str:
    """A name compared whatever its accents, case and word order: "Dupont Jean-Érik" == "jean erik DUPONT"."""
    return " ".join(sorted(fold(name).split()))


def reference_variants(reference: str) -> list[str]:
    """A reference in the forms a search may use: as written, its parts run together ("24/01234" → "2401234"),
    and its number parts without leading zeros ("24/1234", "241234"). Indexed in `refs`, so that `24-01234`,
    `24/01234` and `2401234` all find it."""
    parts = _REFERENCE_PARTS.findall(reference)
    if not parts:
        return []
    unpadded = [part.lstrip("0") or "0" if part.isdigit() else part for part in parts]
    variants = [" ".join(parts), "".join(parts), " ".join(unpadded), "".join(unpadded)]
    return list(dict.fromkeys(variant.lower() for variant in variants))


def compact_reference(reference: str) -> str:
    """A reference without punctuation, spaces or case: the lookup key of court_references.compact."""
    return "".join(_REFERENCE_PARTS.findall(reference)).upper()
