"""The Workers AI extractor against a scripted AI binding: grounding, retries, timeouts, errors and caching.

Runs unchanged in CPython (tests/contract/conftest.py) and in the Pyodide + Miniflare harness, which supplies
`scripted_ai` with `.runner`, `.script(outcomes)` and `.calls`. No pytest here: plain asserts and `raises`.
"""

from datetime import date

from services.extraction.errors import AiInvalidOutput, AiTimeout, AiUnavailable
from services.extraction.grounded_ai import DEFAULT_MODEL, GroundedAiExtractor, cache_key
from services.extraction.ports import InMemoryExtractionCache
from services.extraction.schema import SCHEMA_VERSION
from tests.contract.expect import raises

TEXT = (
    "Cour d'appel de Lyon\n"
    "N° RG 24/01234 - N° Portalis DBVX-V-B7I-PEB4\n"
    "L'affaire est fixée à l'audience de plaidoiries du jeudi 12 mars 2026 à 9 h 00, salle 3.\n"
    "Les conclusions devront être notifiées avant le 1er mars.\n"
    "Délai : dans un délai de quinze jours à compter de la réception du présent avis."
)
JAN_15 = date(2026, 1, 15)


def answer(*facts, kind="avis_de_fixation"):
    return {"message_kind": kind, "facts": [{"kind": k, "value": v, "quote": q} for k, v, q in facts]}


GOOD = answer(
    ("rg", "24/01234", "N° RG 24/01234"),
    ("portalis", "DBVX-V-B7I-PEB4", "DBVX-V-B7I-PEB4"),
    ("jurisdiction", "CA:Lyon", "Cour d'appel de Lyon"),
    ("hearing", "2026-03-12T09:00", "audience de plaidoiries du jeudi 12 mars 2026 à 9 h 00"),
    ("deadline", "2026-03-01", "avant le 1er mars"),
    ("delay", "P15D", "dans un délai de quinze jours à compter de la réception du présent avis"),
)


def extractor(scripted_ai, **options):
    options.setdefault("timeout_s", 2.0)
    return GroundedAiExtractor(scripted_ai.runner, **options)


async def test_a_valid_answer_gives_grounded_facts_at_their_positions(scripted_ai):
    scripted_ai.script([{"response": GOOD}])
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15, sender="greffe@justice.fr")
    assert [(f.kind.value, f.value) for f in result.facts] == [
        ("jurisdiction", "CA:Lyon"),
        ("rg", "24/01234"),
        ("portalis", "DBVX-V-B7I-PEB4"),
        ("hearing", "2026-03-12T09:00"),
        ("deadline", "2026-03-01"),
        ("delay", "P15D"),
    ]
    assert all(TEXT[f.start : f.end] == f.quote for f in result.facts)
    assert result.message_kind.value == "avis_de_fixation"
    assert result.sender_kind.value == "court"
    assert result.dropped == 0
    assert result.source == f"workers-ai:{DEFAULT_MODEL}"


async def test_grounded_facts_carry_the_details_the_rules_read(scripted_ai):
    scripted_ai.script([{"response": GOOD}])
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    details = {f.kind.value: dict(f.details) for f in result.facts}
    assert details["hearing"]["type"] == "plaidoiries"
    assert details["delay"]["anchor_event"] == "reception"


REPLY = (
    "Bien reçu, je serai présent.\n\n"
    "Le lun. 12 janv. 2026 à 10:15, Greffe <greffe.ca-lyon@justice.fr> a écrit :\n"
    "> L'affaire est fixée à l'audience de plaidoiries du jeudi 12 mars 2026 à 9 h 00.\n"
)


async def test_a_quote_found_only_in_the_quoted_history_is_dropped_and_counted(scripted_ai):
    scripted_ai.script(
        [
            {
                "response": answer(
                    ("hearing", "2026-03-12T09:00", "audience de plaidoiries du jeudi 12 mars 2026 à 9 h 00")
                )
            }
        ]
    )
    result = await extractor(scripted_ai).extract(REPLY, reference_date=JAN_15)
    assert result.facts == ()
    assert result.drop_reasons == ("hearing:quote_in_history",)


async def test_a_grounded_fact_keeps_the_status_and_renvoi_link_the_rules_read(scripted_ai):
    text = "L'audience du 12 mars 2026 est renvoyée au jeudi 9 avril 2026 à 14 h 00."
    scripted_ai.script(
        [
            {
                "response": answer(
                    ("hearing", "2026-03-12", "audience du 12 mars 2026"),
                    ("hearing", "2026-04-09T14:00", "renvoyée au jeudi 9 avril 2026 à 14 h 00"),
                )
            }
        ]
    )
    result = await extractor(scripted_ai).extract(text, reference_date=JAN_15)
    assert [(f.value, f.status, f.moved_to, f.replaces) for f in result.facts] == [
        ("2026-03-12", "moved", "2026-04-09T14:00", ""),
        ("2026-04-09T14:00", "active", "", "2026-03-12"),
    ]
    assert [f.value for f in result.facts if f.suggestable] == ["2026-04-09T14:00"]


async def test_one_call_per_message_in_json_schema_mode(scripted_ai):
    scripted_ai.script([{"response": GOOD}])
    await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15, subject="Avis de fixation")
    assert len(scripted_ai.calls) == 1
    model, inputs = scripted_ai.calls[0]
    assert model == DEFAULT_MODEL
    assert inputs["response_format"]["type"] == "json_schema"
    assert inputs["response_format"]["json_schema"]["required"] == ["message_kind", "facts"]
    assert TEXT in inputs["messages"][-1]["content"]
    assert "2026-01-15" in inputs["messages"][-1]["content"]


async def test_a_quote_absent_from_the_text_is_dropped_and_counted(scripted_ai):
    scripted_ai.script(
        [{"response": answer(("rg", "24/01234", "N° RG 24/01234"), ("rg", "25/09999", "N° RG 25/09999"))}]
    )
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert [f.value for f in result.facts] == ["24/01234"]
    assert result.dropped == 1
    assert result.drop_reasons == ("rg:quote_not_found",)


async def test_a_value_the_quote_does_not_say_is_dropped(scripted_ai):
    scripted_ai.script(
        [
            {
                "response": answer(
                    ("hearing", "2026-03-13T09:00", "audience de plaidoiries du jeudi 12 mars 2026 à 9 h 00"),
                    ("date", "2026-12-03", "12 mars 2026"),
                    ("amount", "1500.00", "Cour d'appel de Lyon"),
                )
            }
        ]
    )
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert result.facts == ()
    assert result.dropped == 3
    assert set(result.drop_reasons) == {"hearing:value_mismatch", "date:value_mismatch", "amount:value_mismatch"}


async def test_a_date_without_year_is_checked_against_the_reference_date(scripted_ai):
    proposed = answer(("deadline", "2026-03-01", "avant le 1er mars"))
    scripted_ai.script([{"response": proposed}, {"response": proposed}])
    kept = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert [f.value for f in kept.facts] == ["2026-03-01"]
    late = await extractor(scripted_ai).extract(TEXT, reference_date=date(2026, 12, 14))
    assert late.facts == ()
    assert late.drop_reasons == ("deadline:value_mismatch",)


async def test_an_unpadded_reference_value_is_normalised_before_the_check(scripted_ai):
    scripted_ai.script([{"response": answer(("rg", "24/1234", "24/01234"))}])
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert [f.value for f in result.facts] == ["24/01234"]


TRAPS = (
    "Dossier 1124/01234. Audience du 12 mars 2026 à 14 h 00. Montant 2026 euros. Tel 0601020304. "
    "Minute 25/750, RG 24/01234."
)


async def test_a_bare_number_is_grounded_only_where_the_rules_read_that_kind(scripted_ai):
    scripted_ai.script(
        [
            {
                "response": answer(
                    ("rg", "24/01234", "24/01234"),  # first found inside 1124/01234: must land on RG 24/01234
                    ("minute", "24/01234", "24/01234"),  # an RG is no minute
                    ("rg", "2026", "2026"),  # a year, an amount
                    ("pourvoi", "0601020304", "0601020304"),  # a phone number
                    ("dossier_ref", "1", "1"),
                    ("minute", "25/750", "25/750"),  # a real minute, quoted bare
                )
            }
        ]
    )
    result = await extractor(scripted_ai).extract(TRAPS, reference_date=JAN_15)
    kept = [(f.kind.value, f.value, f.start) for f in result.facts]
    assert kept == [("minute", "25/750", TRAPS.index("25/750")), ("rg", "24/01234", TRAPS.index("RG 24/01234") + 3)]
    assert all(TRAPS[f.start : f.end] == f.quote for f in result.facts)
    assert result.dropped == 4
    assert sorted(result.drop_reasons) == [
        "dossier_ref:quote_not_found",
        "minute:not_where_rules_read_it",
        "pourvoi:not_where_rules_read_it",
        "rg:not_where_rules_read_it",
    ]


async def test_a_reference_inside_a_longer_number_is_not_found(scripted_ai):
    scripted_ai.script([{"response": answer(("rg", "24/01234", "24/01234"))}])
    result = await extractor(scripted_ai).extract("Dossier 1124/01234 seulement.", reference_date=JAN_15)
    assert result.facts == ()
    assert result.drop_reasons == ("rg:quote_not_found",)


async def test_a_long_quote_is_checked_quickly(scripted_ai):
    big = "A" * 20_000
    scripted_ai.script([{"response": answer(("parties", "A c/ B", big))}])
    result = await extractor(scripted_ai).extract(big + " c/ B", reference_date=JAN_15)
    assert result.facts == ()
    assert result.dropped == 1


async def test_invalid_json_is_retried_then_accepted(scripted_ai):
    scripted_ai.script([{"response": "{not json"}, {"response": GOOD}])
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert len(scripted_ai.calls) == 2
    assert len(result.facts) == 6


async def test_an_answer_as_a_json_string_is_read(scripted_ai):
    import json

    scripted_ai.script([{"response": json.dumps(GOOD, ensure_ascii=False)}])
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert len(result.facts) == 6


async def test_an_answer_outside_the_schema_is_retried(scripted_ai):
    scripted_ai.script([{"response": {"message_kind": "avis_de_fixation"}}, {"response": GOOD}])
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert len(scripted_ai.calls) == 2
    assert result.dropped == 0


async def test_an_unknown_fact_kind_is_outside_the_schema(scripted_ai):
    bad = {"message_kind": "other", "facts": [{"kind": "phone", "value": "1", "quote": "Lyon"}]}
    scripted_ai.script([{"response": bad}, {"response": bad}])
    with raises(AiInvalidOutput):
        await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)


async def test_invalid_output_every_time_is_an_error_after_bounded_retries(scripted_ai):
    scripted_ai.script([{"response": "{oops"}, {"response": "[]"}, {"response": GOOD}])
    with raises(AiInvalidOutput) as outcome:
        await extractor(scripted_ai, max_attempts=2).extract(TEXT, reference_date=JAN_15)
    assert len(scripted_ai.calls) == 2
    assert outcome.exception.status == 502


async def test_json_mode_failure_from_the_binding_is_retried(scripted_ai):
    scripted_ai.script([{"error": "AiError: JSON Mode couldn't be met"}, {"response": GOOD}])
    result = await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert len(scripted_ai.calls) == 2
    assert len(result.facts) == 6


async def test_a_binding_error_is_mapped_and_not_retried(scripted_ai):
    scripted_ai.script([{"error": "AiError: 3040: Capacity temporarily exceeded"}, {"response": GOOD}])
    with raises(AiUnavailable) as outcome:
        await extractor(scripted_ai).extract(TEXT, reference_date=JAN_15)
    assert len(scripted_ai.calls) == 1
    assert outcome.exception.status == 503
    assert "Capacity" in str(outcome.exception)


async def test_a_slow_model_times_out(scripted_ai):
    scripted_ai.script([{"delay_ms": 1000, "response": GOOD}])
    with raises(AiTimeout) as outcome:
        await extractor(scripted_ai, timeout_s=0.05).extract(TEXT, reference_date=JAN_15)
    assert outcome.exception.status == 504


async def test_a_slightly_slow_model_within_the_timeout_is_fine(scripted_ai):
    scripted_ai.script([{"delay_ms": 10, "response": GOOD}])
    result = await extractor(scripted_ai, timeout_s=2.0).extract(TEXT, reference_date=JAN_15)
    assert len(result.facts) == 6


async def test_results_are_cached_by_content_model_and_schema_version(scripted_ai):
    cache = InMemoryExtractionCache()
    scripted_ai.script([{"response": GOOD}, {"response": GOOD}, {"response": GOOD}])
    first = await extractor(scripted_ai, cache=cache).extract(TEXT, reference_date=JAN_15)
    again = await extractor(scripted_ai, cache=cache).extract(TEXT, reference_date=JAN_15)
    assert again == first
    assert len(scripted_ai.calls) == 1
    await extractor(scripted_ai, cache=cache, model="@cf/other/model").extract(TEXT, reference_date=JAN_15)
    await extractor(scripted_ai, cache=cache).extract(TEXT + " ", reference_date=JAN_15)
    assert len(scripted_ai.calls) == 3


async def test_failures_are_not_cached(scripted_ai):
    cache = InMemoryExtractionCache()
    scripted_ai.script([{"error": "AiError: 5007: internal"}, {"response": GOOD}])
    with raises(AiUnavailable):
        await extractor(scripted_ai, cache=cache).extract(TEXT, reference_date=JAN_15)
    result = await extractor(scripted_ai, cache=cache).extract(TEXT, reference_date=JAN_15)
    assert len(result.facts) == 6


async def test_the_cache_key_names_the_model_and_the_schema_version(scripted_ai):
    key = cache_key(TEXT, "", "", JAN_15, DEFAULT_MODEL)
    assert key.endswith(f":{DEFAULT_MODEL}:{SCHEMA_VERSION}")
    assert len(key.split(":")[0]) == 64
    assert key != cache_key(TEXT, "", "", date(2026, 1, 16), DEFAULT_MODEL)
