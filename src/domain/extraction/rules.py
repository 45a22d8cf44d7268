"""The rule-based French extractor: the local default, and the grounding check for model output."""

from __future__ import annotations

from datetime import date

from domain.extraction.amounts import find_amounts
from domain.extraction.courts import find_jurisdictions
from domain.extraction.kinds import classify, sender_kind
from domain.extraction.model import ExtractionResult, Fact, FactKind
from domain.extraction.parties import find_parties
from domain.extraction.references import find_references, normalise
from domain.extraction.schedule import find_delays, find_schedule

_REFERENCE_KINDS = frozenset({FactKind.RG, FactKind.PORTALIS, FactKind.POURVOI, FactKind.MINUTE, FactKind.DOSSIER_REF})
_SPANNING_KINDS = frozenset({FactKind.HEARING, FactKind.DEADLINE, FactKind.PARTIES, FactKind.JURISDICTION})
_DATED_KINDS = frozenset({FactKind.HEARING, FactKind.DEADLINE})
_SCHEDULE_KINDS = frozenset({FactKind.DATE, FactKind.DATETIME, FactKind.HEARING, FactKind.DEADLINE})


def find_facts(text: str, reference_date: date) -> list[Fact]:
    """Every fact in the text; references take their span first so no date or amount is read inside one."""
    references = find_references(text)
    taken = [(f.start, f.end) for f in references]

    def free(fact: Fact) -> bool:
        return all(fact.end <= s or fact.start >= e for s, e in taken)

    others = [
        *find_jurisdictions(text),
        *find_parties(text),
        *find_schedule(text, reference_date),
        *find_delays(text),
        *find_amounts(text),
    ]
    kept = [f for f in others if f.kind in _SPANNING_KINDS or free(f)]
    dates = {f.value for f in kept if f.kind in (FactKind.DATE, FactKind.DATETIME)}
    # a hearing or deadline may span a reference ("audience …, RG 24/01234, le 12 mars"), but not stand on a
    # date that was itself a piece of a reference
    kept = [f for f in kept if f.kind not in _DATED_KINDS or f.value in dates or f.value[:10] in dates]
    facts = references + kept
    unique = {(f.kind, f.value, f.start, f.end): f for f in facts}
    return sorted(unique.values(), key=lambda f: (f.start, f.kind.value))


def facts_in_quote(kind: FactKind, quote: str, reference_date: date) -> list[Fact]:
    """What the rules read as `kind` inside a quote alone: the grounding check for a model's facts."""
    if kind in _REFERENCE_KINDS:
        found = [f for f in find_references(quote) if f.kind is kind]
        return found or _bare_reference(kind, quote)
    if kind in _SCHEDULE_KINDS:
        return [f for f in find_schedule(quote, reference_date) if f.kind is kind]
    finders = {
        FactKind.JURISDICTION: find_jurisdictions,
        FactKind.PARTIES: find_parties,
        FactKind.DELAY: find_delays,
        FactKind.AMOUNT: find_amounts,
    }
    return finders[kind](quote)


def values_in_quote(kind: FactKind, quote: str, reference_date: date) -> set[str]:
    """The values the rules read as `kind` in a quote: a model's value must be one of them to be kept."""
    return {f.value for f in facts_in_quote(kind, quote, reference_date)}


def _bare_reference(kind: FactKind, quote: str) -> list[Fact]:
    """A quote holding only the number ("24/01234") re-parses as the kind the model claimed."""
    cleaned = quote.strip()
    if not cleaned or len(cleaned) > 40 or not any(c.isdigit() for c in cleaned) or " " in cleaned.strip():
        return []
    return [Fact(kind, normalise(kind, cleaned), quote, 0, len(quote), 0.6)]


def extract_text(text: str, reference_date: date, subject: str = "", sender: str = "") -> ExtractionResult:
    return ExtractionResult(
        facts=tuple(find_facts(text, reference_date)),
        message_kind=classify(subject, text),
        sender_kind=sender_kind(sender, subject),
        source="rules",
    )


class RuleBasedExtractor:
    """The `Extractor` port implemented with the rules above: no I/O, deterministic."""

    async def extract(
        self, text: str, *, reference_date: date, subject: str = "", sender: str = ""
    ) -> ExtractionResult:
        return extract_text(text, reference_date, subject, sender)
