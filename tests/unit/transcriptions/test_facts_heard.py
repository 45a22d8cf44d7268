"""The facts said in a transcript: found by the rule-based extractor in one call, each placed at the moment its words
were said, and a fact said twice suggested once (where it was first heard)."""

from __future__ import annotations

from datetime import date

from domain.extraction.rules import RuleBasedExtractor
from domain.transcripts import Segment
from services.transcript_facts import facts_heard, first_of_each

SAID = (
    Segment(0.0, 4.0, "Note après l'audience de ce matin dans le dossier Martin."),
    Segment(4.5, 9.0, "L'affaire est renvoyée à l'audience du 12 mars 2027 à 14 heures."),
    Segment(9.0, 14.0, "Les conclusions doivent être déposées dans un délai de quinze jours."),
    Segment(65.0, 70.0, "Je répète : renvoyée à l'audience du 12 mars 2027 à 14 heures."),
)


async def test_each_fact_is_placed_at_the_moment_it_was_said_and_quotes_it():
    heard = await facts_heard(RuleBasedExtractor(), SAID, reference_date=date(2026, 12, 2))
    hearings = [h for h in heard if str(h.fact.kind) == "hearing"]
    assert [(h.fact.value, h.at_s) for h in hearings] == [("2027-03-12T14:00", 4.5), ("2027-03-12T14:00", 65.0)]
    [delay] = [h for h in heard if str(h.fact.kind) == "delay"]
    assert (delay.fact.value, delay.at_s) == ("P15D", 9.0)
    assert delay.quoted().quote == "« dans un délai de quinze jours » (à 0:09)"
    assert hearings[1].quoted().quote.endswith("(à 1:05)")


async def test_a_fact_said_twice_is_kept_once_where_it_was_first_said():
    heard = first_of_each(await facts_heard(RuleBasedExtractor(), SAID, reference_date=date(2026, 12, 2)))
    assert [(str(h.fact.kind), h.at_s) for h in heard if str(h.fact.kind) == "hearing"] == [("hearing", 4.5)]
    assert len({(str(h.fact.kind), h.fact.value) for h in heard}) == len(heard)


async def test_silence_has_no_facts_and_costs_no_extraction():
    class Refusing:
        async def extract(self, text, **_):
            raise AssertionError("no text, no call")

    assert await facts_heard(Refusing(), (), reference_date=date(2026, 12, 2)) == []
