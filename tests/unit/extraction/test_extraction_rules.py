"""The French rules one by one: references, dates, hearings, deadlines, delays, courts, parties, amounts, kinds."""

from __future__ import annotations

from datetime import date

import pytest

from domain.extraction import extract_text, find_facts, values_in_quote
from domain.extraction.kinds import classify, sender_kind
from domain.extraction.model import FactKind, MessageKind, SenderKind
from domain.extraction.numbers import parse_number
from domain.extraction.references import find_known_references, find_references

JAN_15 = date(2026, 1, 15)


def pairs(text: str, reference: date = JAN_15) -> set[tuple[str, str]]:
    return {(f.kind.value, f.value) for f in find_facts(text, reference)}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("N° RG 23/00654", "rg", "23/00654"),
        ("RG n° 24/1234", "rg", "24/01234"),
        ("RG : F 25/00789", "rg", "F 25/00789"),
        ("N° RG : 2021F01222", "rg", "2021F01222"),
        ("RG n° 2023031815", "rg", "2023031815"),
        ("RG n° 11-21-001083", "rg", "11-21-001083"),
        ("Avis [24/01234] e-Barreau", "rg", "24/01234"),
        ("Jugement (N° 23/02623)", "rg", "23/02623"),
        ("N° Portalis DBVV-V-B7H-IOZX", "portalis", "DBVV-V-B7H-IOZX"),
        ("réf. 35L7-V-B7I-CI5DT", "portalis", "35L7-V-B7I-CI5DT"),
        ("pourvoi n° 19-24.799", "pourvoi", "19-24.799"),
        ("Pourvoi n° K 22-18.655", "pourvoi", "22-18.655"),
        ("N° de MINUTE : 25/750", "minute", "25/750"),
        ("NUMERO MIN: 24/00037", "minute", "24/00037"),
        ("Objet : audience [CAB-2026-0042]", "dossier_ref", "CAB-2026-0042"),
        ("V/Réf : 1181/25", "dossier_ref", "1181/25"),
    ],
)
def test_court_and_cabinet_references_in_their_usual_forms(text: str, kind: str, value: str) -> None:
    assert [(f.kind.value, f.value) for f in find_references(text)] == [(kind, value)]


def test_a_minute_number_is_never_read_as_an_rg() -> None:
    facts = find_references("N° RG 24/00037 - N° de minute : 24/00038")
    assert [(f.kind.value, f.value) for f in facts] == [("rg", "24/00037"), ("minute", "24/00038")]


def test_a_short_reference_never_matches_inside_a_longer_one() -> None:
    assert find_known_references("notre dossier 1181/25", ["181/25"]) == []
    found = find_known_references("dossiers 1181/25 et 181/25", ["181/25", "1181/25"])
    assert [(ref, start) for ref, start, _ in found] == [("1181/25", 9), ("181/25", 20)]
    assert [f.value for f in find_references("RG 24/012345")] == ["24/012345"]  # no 24/01234 inside it


def test_dates_inside_references_and_dates_are_not_references() -> None:
    assert pairs("RG 11-21-001083") == {("rg", "11-21-001083")}
    assert pairs("le 03/04/2026") == {("date", "2026-04-03")}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("lundi 2 février 2026 à 14 h 00", "datetime", "2026-02-02T14:00"),
        ("le 3/4/26", "date", "2026-04-03"),
        ("le 1er mars", "date", "2026-03-01"),
        ("le 12.03.2026 à 9h30", "datetime", "2026-03-12T09:30"),
        ("le 3 févr. 2026, 9 heures", "datetime", "2026-02-03T09:00"),
        ("le 1er décembre", "date", "2025-12-01"),
    ],
)
def test_french_dates_and_times(text: str, kind: str, value: str) -> None:
    assert (kind, value) in pairs(text)


def test_a_date_without_year_resolves_against_the_reference_date_not_the_clock() -> None:
    assert ("date", "2027-01-15") in pairs("le 15 janvier", date(2026, 12, 14))
    assert ("date", "2026-01-15") in pairs("le 15 janvier", date(2026, 1, 2))


def test_a_weekday_that_contradicts_the_date_lowers_confidence() -> None:
    fact = next(f for f in find_facts("mardi 2 février 2026", JAN_15) if f.kind is FactKind.DATE)
    assert fact.confidence < 0.6
    assert fact.detail("weekday_mismatch") == "yes"


def test_a_hearing_keeps_type_date_time_and_room() -> None:
    text = "L'affaire sera appelée à l'audience de mise en état du lundi 2 février 2026 à 14 h 00, salle 4.12."
    hearing = next(f for f in find_facts(text, JAN_15) if f.kind is FactKind.HEARING)
    assert hearing.value == "2026-02-02T14:00"
    assert dict(hearing.details) == {"type": "mise_en_etat", "time": "14:00", "room": "4.12"}


def test_a_decision_date_is_not_a_hearing() -> None:
    assert not any(
        f.kind is FactKind.HEARING
        for f in find_facts("L'ordonnance de référé du 12 janvier 2026 a été signifiée.", JAN_15)
    )


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("à conclure avant le 12 mars 2026", "2026-03-12", "limite"),
        ("au plus tard le 31 mars 2026", "2026-03-31", "limite"),
        ("Date de clôture prévisible : 5 mai 2026", "2026-05-05", "cloture"),
        ("ouvertes jusqu'au 2 avril 2026", "2026-04-02", "limite"),
    ],
)
def test_absolute_deadlines(text: str, value: str, kind: str) -> None:
    deadline = next(f for f in find_facts(text, JAN_15) if f.kind is FactKind.DEADLINE)
    assert (deadline.value, deadline.detail("type")) == (value, kind)


@pytest.mark.parametrize(
    ("text", "value", "anchor"),
    [
        ("dans un délai de quinze jours à compter de la réception de la présente", "P15D", "reception"),
        ("dans le délai d'un mois à compter de la signification du jugement", "P1M", "signification"),
        ("dans les 2 mois de la notification des conclusions", "P2M", "notification"),
        ("Le délai d'appel est d'un mois à compter de la notification.", "P1M", "notification"),
        ("Délai d'appel : quinze jours à compter de la signification", "P15D", "signification"),
        ("dans un délai de quarante-cinq jours à compter du présent avis", "P45D", "presente"),
        ("sous huitaine", "P8D", "message"),
    ],
)
def test_relative_deadlines_keep_their_anchor_event(text: str, value: str, anchor: str) -> None:
    delay = next(f for f in find_facts(text, JAN_15) if f.kind is FactKind.DELAY)
    assert (delay.value, delay.detail("anchor_event")) == (value, anchor)


def test_french_number_words() -> None:
    assert [parse_number(w) for w in ("quinze", "un", "vingt et un", "quarante-cinq", "3", "beaucoup")] == [
        15, 1, 21, 45, 3, None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("le tribunal judiciaire de Boulogne-sur-Mer", "TJ:Boulogne-sur-Mer"),
        ("la Cour d'appel d'Aix-en-Provence", "CA:Aix-en-Provence"),
        ("le Conseil de prud'hommes de Lyon", "CPH:Lyon"),
        ("TRIBUNAL JUDICIAIRE DE BOULOGNE-SUR-MER", "TJ:Boulogne-sur-Mer"),
        ("le tribunal judiciaire du Mans", "TJ:Le Mans"),
        ("TJ de Paris", "TJ:Paris"),
        ("la Cour de cassation", "CCASS"),
        ("pôle social du tribunal judiciaire de Nanterre", "TJ:Nanterre"),
    ],
)
def test_jurisdictions_and_their_seats(text: str, value: str) -> None:
    assert ("jurisdiction", value) in pairs(text)


def test_lowercase_abbreviations_in_ordinary_words_are_not_courts() -> None:
    assert not any(k == "jurisdiction" for k, _ in pairs("ca va, tc et cph sont des mots"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Affaire Martin c/ SARL Dupont - audience", "Martin c/ SARL Dupont"),
        ("Parties : MARTIN Jean / SAS IMMO CONSEIL", "MARTIN Jean c/ SAS IMMO CONSEIL"),
        ("M. Paul Durand contre Société Générale", "M. Paul Durand c/ Société Générale"),
    ],
)
def test_parties(text: str, value: str) -> None:
    assert ("parties", value) in pairs(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1 500,00 €", "1500.00"), ("2.000 euros", "2000.00"), ("EUR 350", "350.00"), ("€ 12,50", "12.50")],
)
def test_amounts_in_euros(text: str, value: str) -> None:
    assert pairs(f"la somme de {text}.") == {("amount", value)}


@pytest.mark.parametrize(
    ("subject", "body", "kind"),
    [
        ("Avis de fixation", "", MessageKind.AVIS_DE_FIXATION),
        ("Convocation audience", "", MessageKind.CONVOCATION),
        ("Signification du jugement", "", MessageKind.SIGNIFICATION),
        ("Notification du jugement", "", MessageKind.NOTIFICATION_JUGEMENT),
        ("e-Barreau <CONC>", "", MessageKind.CONCLUSIONS),
        ("Relance", "nous vous mettons en demeure de payer", MessageKind.MISE_EN_DEMEURE),
        ("Lu : Déclaration d'appel", "", MessageKind.ACCUSE_LECTURE),
        ("Facture n° 12", "", MessageKind.FACTURE),
        ("Bonjour", "Le calendrier prévoit les conclusions de l'intimé.", MessageKind.OTHER),
    ],
)
def test_message_kinds(subject: str, body: str, kind: MessageKind) -> None:
    assert classify(subject, body) is kind


def test_senders_are_recognised_by_the_shape_of_their_address() -> None:
    assert sender_kind("greffe.tj-paris@justice.fr") is SenderKind.COURT
    assert sender_kind("greffe.ta-versailles@juradm.fr") is SenderKind.COURT
    assert sender_kind("jean.roux@avocat-conseil.fr") is SenderKind.RPVA
    assert sender_kind("noreply@e-barreau.fr") is SenderKind.RPVA
    assert sender_kind("x@example.org", "e-Barreau - avis [24/01234]") is SenderKind.RPVA
    assert sender_kind("x@notjustice.fr") is SenderKind.OTHER


def test_values_re_parse_from_their_quotes() -> None:
    assert "24/01234" in values_in_quote(FactKind.RG, "N° RG 24/1234", JAN_15)
    assert "24/01234" in values_in_quote(FactKind.RG, "24/01234", JAN_15)
    assert "2026-03-12" in values_in_quote(FactKind.DEADLINE, "avant le 12 mars 2026", JAN_15)
    assert "2026-03-13" not in values_in_quote(FactKind.DATE, "12 mars 2026", JAN_15)
    assert "P15D" in values_in_quote(FactKind.DELAY, "dans un délai de quinze jours", JAN_15)


async def test_the_extract_result_names_its_source_and_kinds() -> None:
    result = extract_text("Avis de fixation RG 24/01234", JAN_15, "Avis de fixation", "g@justice.fr")
    assert (result.source, result.message_kind, result.sender_kind) == (
        "rules", MessageKind.AVIS_DE_FIXATION, SenderKind.COURT,
    )  # fmt: skip


def test_an_implicit_one_month_delay_keeps_its_anchor() -> None:
    text = "signifier la déclaration d'appel dans le mois de l'avis adressé par le greffe, à peine de caducité"
    delay = next(f for f in find_facts(text, JAN_15) if f.kind is FactKind.DELAY)
    assert (delay.value, delay.detail("anchor_event")) == ("P1M", "avis")


def test_a_case_sent_back_to_a_date_is_a_hearing_even_without_the_word_audience() -> None:
    facts = find_facts("L'affaire Morin c/ Garage Central est renvoyée au jeudi 7 mai 2026 à 9h.", JAN_15)
    assert ("hearing", "2026-05-07T09:00") in {(f.kind.value, f.value) for f in facts}
    assert ("parties", "Morin c/ Garage Central") in {(f.kind.value, f.value) for f in facts}


def test_a_reply_is_classified_by_what_its_sender_wrote_not_by_the_quote() -> None:
    body = "Merci, je passerai jeudi.\nLe 3 mars 2026 à 08:15, Me Vasseur a écrit :\n> Le jugement vous a été signifié."
    assert classify("RE: Signification", body) is MessageKind.OTHER
    assert classify("Signification", "Le jugement a été signifié le 3 mars.") is MessageKind.SIGNIFICATION
