"""The rule-based extractor meets the labels of the project's French legal messages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.extraction import RuleBasedExtractor, message_text, reference_date
from domain.extraction.model import ExtractionResult, FactKind
from domain.mail import ParsedMessage, read_message

LEGAL = Path(__file__).resolve().parents[2] / "fixtures" / "legal"
LABELS: dict[str, dict[str, Any]] = json.loads((LEGAL / "labels.json").read_text(encoding="utf-8"))


async def extract(name: str) -> tuple[ParsedMessage, ExtractionResult]:
    message = read_message((LEGAL / name).read_bytes())
    result = await RuleBasedExtractor().extract(
        message_text(message),
        reference_date=reference_date(message, date(2026, 1, 1)),
        subject=message.subject,
        sender=message.sender_address(),
    )
    return message, result


def test_the_labelled_set_has_at_least_sixty_messages_and_every_file_is_labelled() -> None:
    files = {p.name for p in LEGAL.glob("*.eml")}
    assert len(files) >= 60
    assert files == set(LABELS)


def test_every_message_names_the_dossier_it_files_into_among_the_cabinets_dossiers() -> None:
    cabinet = json.loads((LEGAL / "cabinet.json").read_text(encoding="utf-8"))
    references = {d["reference"] for d in cabinet["dossiers"]}
    assert all("dossier" in label for label in LABELS.values())
    assert {label["dossier"] for label in LABELS.values()} - {None} <= references
    assert sum(1 for label in LABELS.values() if label["dossier"] is None) >= 5


def test_every_labelled_fact_says_whether_it_is_new_or_history_and_its_status() -> None:
    for label in LABELS.values():
        for fact in label["facts"]:
            assert fact["origin"] in ("new", "history")
            assert fact["status"] in ("active", "cancelled", "moved", "past", "expired")


@pytest.mark.parametrize("name", sorted(LABELS))
async def test_labelled_message_yields_exactly_its_labelled_facts(name: str) -> None:
    label = LABELS[name]
    message, result = await extract(name)
    assert message.ok
    assert result.message_kind.value == label["kind"]
    assert result.sender_kind.value == label["sender_kind"]
    expected = {(f["kind"], f["value"], f["origin"]) for f in label["facts"]}
    found = {(f.kind.value, f.value, f.origin) for f in result.facts}
    assert expected - found == set(), "missing facts"
    assert found - expected == set(), "unexpected facts"
    assert len(message.events) == label.get("events", 0)


@pytest.mark.parametrize("name", sorted(LABELS))
async def test_labelled_hearings_and_deadlines_have_their_status_and_renvoi_link(name: str) -> None:
    _, result = await extract(name)
    for expected in LABELS[name]["facts"]:
        same = [
            f
            for f in result.facts
            if (f.kind.value, f.value, f.origin) == (expected["kind"], expected["value"], expected["origin"])
        ]
        assert expected["status"] in {f.status for f in same}
        if "moved_to" in expected:
            assert expected["moved_to"] in {f.moved_to for f in same}


@pytest.mark.parametrize("name", sorted(LABELS))
async def test_labelled_hearing_types_and_delay_anchors_are_read(name: str) -> None:
    _, result = await extract(name)
    for expected in LABELS[name]["facts"]:
        if "type" in expected:
            types = {
                f.detail("type")
                for f in result.facts
                if (f.kind.value, f.value) == (expected["kind"], expected["value"])
            }
            assert expected["type"] in types
        if "anchor_event" in expected:
            anchors = {f.detail("anchor_event") for f in result.of_kind(FactKind.DELAY) if f.value == expected["value"]}
            assert expected["anchor_event"] in anchors


@pytest.mark.parametrize("name", sorted(LABELS))
async def test_every_quote_is_the_exact_text_at_its_position(name: str) -> None:
    message = read_message((LEGAL / name).read_bytes())
    text = message_text(message)
    _, result = await extract(name)
    for fact in result.facts:
        assert text[fact.start : fact.end] == fact.quote
        assert 0 < fact.confidence <= 1


async def test_charsets_of_the_labelled_set_decode_to_the_same_french_text() -> None:
    latin1, _ = await extract("02_convocation_cph_latin1.eml")
    assert "convoqué(e) devant le bureau de conciliation" in latin1.body.full
    raw_8bit_subject, _ = await extract("24_mise_en_demeure_locataire_cp1252_8bit.eml")
    assert raw_8bit_subject.subject == "Mise en demeure - loyers impayés - N/Réf : 2026-0107"
    assert "l’Office HLM du Val" in raw_8bit_subject.body.full


async def test_facts_inside_a_pdf_attachment_and_a_forwarded_message_are_found() -> None:
    message, result = await extract("25_avis_fixation_pdf_attachment.eml")
    assert message.attachments[0].filename == "avis de fixation n° 25-04410.pdf"
    assert ("rg", "25/04410") in {(f.kind.value, f.value) for f in result.facts}
    forwarded, result = await extract("27_forwarded_rfc822_signification.eml")
    assert forwarded.forwarded[0].subject == "Procès-verbal de signification"
    assert result.of_kind(FactKind.DELAY)[0].detail("anchor_event") == "signification"
