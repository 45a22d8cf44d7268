"""The rule-based French extractor: the local default, and the grounding check for model output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from domain.extraction.admin import find_admin_cases
from domain.extraction.amounts import find_amounts
from domain.extraction.courts import find_jurisdictions
from domain.extraction.kinds import classify, sender_kind
from domain.extraction.model import MAX_FACTS, MAX_FACTS_PER_KIND, ExtractionResult, Fact, FactKind
from domain.extraction.parties import find_parties
from domain.extraction.references import find_references
from domain.extraction.schedule import find_delays, find_schedule
from domain.extraction.spans import Spans
from domain.extraction.status import with_origins, with_statuses

_REFERENCE_KINDS = frozenset({FactKind.RG, FactKind.PORTALIS, FactKind.POURVOI, FactKind.MINUTE, FactKind.DOSSIER_REF})
_SPANNING_KINDS = frozenset({FactKind.HEARING, FactKind.DEADLINE, FactKind.PARTIES, FactKind.JURISDICTION})
_DATED_KINDS = frozenset({FactKind.HEARING, FactKind.DEADLINE})
_SCHEDULE_KINDS = frozenset({FactKind.DATE, FactKind.DATETIME, FactKind.HEARING, FactKind.DEADLINE})


def find_facts(text: str, reference_date: date) -> list[Fact]:
    """Every fact in the text (up to the caps); see `find_facts_capped`."""
    return find_facts_capped(text, reference_date)[0]


def find_facts_capped(text: str, reference_date: date) -> tuple[list[Fact], tuple[str, ...]]:
    """The facts in the text, and the kinds (and "total") whose cap was reached.

    References take their span first so no date or amount is read inside one. Each finder stops one fact
    past the per-kind cap, so a text made of thousands of matches costs no more than the cap allows.
    """
    limit = MAX_FACTS_PER_KIND + 1
    references = find_references(text, limit)
    taken = Spans()
    for reference in references:
        taken.take(reference.start, reference.end)
    jurisdictions = find_jurisdictions(text, limit)
    court = next((f.value for f in jurisdictions if f.value.startswith("TA:")), "TA")
    for case in find_admin_cases(text, limit, court):
        if taken.take(case.start, case.end):
            references.append(case)
    others = [
        *jurisdictions,
        *find_parties(text, limit),
        *find_schedule(text, reference_date, limit),
        *find_delays(text, limit),
        *find_amounts(text, limit),
    ]
    kept = [f for f in others if f.kind in _SPANNING_KINDS or not taken.overlaps(f.start, f.end)]
    dates = {v for f in kept if f.kind in (FactKind.DATE, FactKind.DATETIME) for v in (f.value, f.value[:10])}
    # a hearing or deadline may span a reference ("audience …, RG 24/01234, le 12 mars"), but not stand on a
    # date that was itself a piece of a reference
    kept = [
        f
        for f in kept
        if f.kind not in _DATED_KINDS or f.value in dates or f.value[:10] in dates or f.detail("weekday")
    ]
    unique = {(f.kind, f.value, f.start, f.end): f for f in references + kept}
    facts = sorted(unique.values(), key=lambda f: (f.start, f.kind.value))
    return _capped(with_origins(text, with_statuses(text, facts, reference_date)))


def _capped(facts: list[Fact]) -> tuple[list[Fact], tuple[str, ...]]:
    counts: Counter[FactKind] = Counter()
    kept: list[Fact] = []
    capped: dict[str, None] = {}
    for fact in facts:
        if counts[fact.kind] >= MAX_FACTS_PER_KIND:
            capped[fact.kind.value] = None
        elif len(kept) >= MAX_FACTS:
            capped["total"] = None
        else:
            counts[fact.kind] += 1
            kept.append(fact)
    return kept, tuple(capped)


def facts_in_quote(kind: FactKind, quote: str, reference_date: date) -> list[Fact]:
    """What the rules read as `kind` inside a quote alone (a bare number reads as no reference kind)."""
    if kind in _REFERENCE_KINDS:
        return [f for f in find_references(quote) if f.kind is kind]
    if kind is FactKind.REQUETE:
        return find_admin_cases(quote, assume_administrative=True)
    if kind in _SCHEDULE_KINDS:
        return [f for f in find_schedule(quote, reference_date) if f.kind is kind]
    finders: dict[FactKind, Callable[[str], list[Fact]]] = {
        FactKind.JURISDICTION: find_jurisdictions,
        FactKind.PARTIES: find_parties,
        FactKind.DELAY: find_delays,
        FactKind.AMOUNT: find_amounts,
    }
    return finders[kind](quote)


def values_in_quote(kind: FactKind, quote: str, reference_date: date) -> set[str]:
    """The values the rules read as `kind` in a quote: a model's value must be one of them to be kept."""
    return {f.value for f in facts_in_quote(kind, quote, reference_date)}


def extract_text(text: str, reference_date: date, subject: str = "", sender: str = "") -> ExtractionResult:
    """The facts of `text`, their positions relative to that very text.

    Give it `message_text(message)`, which is NFC-normalised: a decomposed "Cre\u0301teil" would otherwise
    read as "Cre". The text is not normalised here, so that quotes and positions stay exact for the caller.
    """
    facts, capped = find_facts_capped(text, reference_date)
    return ExtractionResult(
        facts=tuple(facts),
        capped=capped,
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
