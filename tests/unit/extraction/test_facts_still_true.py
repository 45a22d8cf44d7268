"""Facts a lawyer may act on: where each fact comes from (new text or quoted history) and whether it still holds."""

from __future__ import annotations

from datetime import date

import pytest

from domain.extraction import extract_text, find_facts, message_text
from domain.extraction.model import Fact, FactKind
from domain.mail import read_message
from domain.mail.quotes import history_spans, split_body

FEB_2 = date(2026, 2, 2)
HEARING_LINE = "L'affaire est fixée à l'audience de plaidoiries du jeudi 12 mars 2026 à 9 h 00."


def facts_of(text: str, kind: FactKind, reference: date = FEB_2) -> list[Fact]:
    return [f for f in find_facts(text, reference) if f.kind is kind]


QUOTED_STYLES = {
    "outlook_fr": "De : Greffe <greffe@justice.fr>\nEnvoyé : lundi 26 janvier 2026 10:02\nÀ : Claire Vasseur\n"
    "Objet : Avis de fixation\n\n" + HEARING_LINE,
    "outlook_en": "From: Greffe <greffe@justice.fr>\nSent: Monday, January 26, 2026 10:02 AM\nTo: Claire Vasseur\n"
    "Subject: Avis de fixation\n\n" + HEARING_LINE,
    "outlook_underscores": "________________________________\nDe : Greffe <greffe@justice.fr>\n"
    "Date : 26 janvier 2026\nÀ : Claire Vasseur\nObjet : Avis\n\n" + HEARING_LINE,
    "gmail": "Le lun. 26 janv. 2026 à 10:02, Greffe <greffe@justice.fr> a écrit :\n> " + HEARING_LINE,
    "gmail_wrapped": "Le lun. 26 janv. 2026 à 10:02, Greffe de la cour d'appel de Lyon <\ngreffe.ca-lyon@justice.fr>"
    " a écrit :\n\n> " + HEARING_LINE,
    "thunderbird": "Le 26/01/2026 à 10:02, Greffe a écrit :\n> " + HEARING_LINE,
    "apple_mail": "Le 26 janv. 2026 à 10:02, Greffe <greffe@justice.fr> a écrit :\n\n> " + HEARING_LINE,
    "apple_forward": "Début du message réexpédié :\n\nDe: Greffe <greffe@justice.fr>\nObjet: Avis\n\n" + HEARING_LINE,
    "transfere": "-------- Message transféré --------\nSujet : Avis\nDate : 26/01/2026\n\n" + HEARING_LINE,
    "gmail_forward": "---------- Forwarded message ---------\nDe : Greffe <greffe@justice.fr>\n\n" + HEARING_LINE,
    "bare_quote": "> " + HEARING_LINE,
    "nested_quote": "> > " + HEARING_LINE,
}


@pytest.mark.parametrize("style", sorted(QUOTED_STYLES))
def test_a_hearing_in_quoted_history_of_every_mail_client_is_history_and_never_suggestable(style: str) -> None:
    text = "Bien reçu, merci.\n\nClaire\n\n" + QUOTED_STYLES[style]
    hearings = facts_of(text, FactKind.HEARING)
    assert [(f.value, f.origin) for f in hearings] == [("2026-03-12T09:00", "history")]
    assert not hearings[0].suggestable


def test_the_same_hearing_in_the_new_text_and_the_history_is_kept_twice_and_only_the_new_one_suggested() -> None:
    text = "Je confirme : " + HEARING_LINE + "\n\nLe 26/01/2026 à 10:02, Greffe a écrit :\n> " + HEARING_LINE
    result = extract_text(text, FEB_2)
    hearings = result.of_kind(FactKind.HEARING)
    assert [f.origin for f in hearings] == ["new", "history"]
    assert [f.origin for f in result.suggestable()] == ["new"]


def test_attachments_text_after_a_quoted_reply_is_new_again() -> None:
    text = "Ci-joint.\n\n> ancien message\n> rien\n\nPièce jointe : avis.pdf\n" + HEARING_LINE
    assert [f.origin for f in facts_of(text, FactKind.HEARING)] == ["new"]


def test_history_spans_cover_the_quoted_lines_only() -> None:
    text = "Nouveau texte\n> cité\nsuite nouvelle"
    assert [text[a:b] for a, b in history_spans(text)] == ["> cité"]


def test_a_wrapped_gmail_attribution_splits_the_body() -> None:
    body = split_body("Merci.\n\nLe lun. 26 janv. 2026 à 10:02, Greffe <\ngreffe@justice.fr> a écrit :\n> texte")
    assert body.new == "Merci."
    assert "texte" in body.quoted


# Statuses -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "L'audience du 12 mars 2026 est annulée.",
        "L'audience de plaidoiries prévue le 12 mars 2026 n'aura pas lieu.",
        "Nous vous informons que l'audience du 12 mars 2026 a été annulée en raison d'un mouvement social.",
        "L'affaire a été radiée ; l'audience du 12 mars 2026 n'aura donc pas lieu.",
        "Objet : Annulation de l'audience du 12 mars 2026",
    ],
)
def test_a_cancelled_hearing_is_marked_cancelled_and_not_suggested(sentence: str) -> None:
    (hearing,) = facts_of(sentence, FactKind.HEARING)
    assert (hearing.value[:10], hearing.status, hearing.suggestable) == ("2026-03-12", "cancelled", False)


@pytest.mark.parametrize(
    ("sentence", "old", "new"),
    [
        ("L'audience du 12 mars 2026 est renvoyée au 9 avril 2026 à 14 h.", "2026-03-12", "2026-04-09T14:00"),
        (
            "L'affaire, appelée à l'audience du 12 mars 2026, a été renvoyée à l'audience du 9 avril 2026.",
            "2026-03-12",
            "2026-04-09",
        ),
        (
            "L'audience de plaidoiries du 12 mars 2026 est reportée au jeudi 9 avril 2026 à 9h30.",
            "2026-03-12",
            "2026-04-09T09:30",
        ),
        ("L'audience, initialement fixée au 12 mars 2026, se tiendra le 9 avril 2026.", "2026-03-12", "2026-04-09"),
        ("Renvoi de l'audience du 12/03/2026 au 09/04/2026 à 10:00.", "2026-03-12", "2026-04-09T10:00"),
    ],
)
def test_a_renvoi_marks_the_old_hearing_moved_to_the_new_one_which_replaces_it(
    sentence: str, old: str, new: str
) -> None:
    hearings = facts_of(sentence, FactKind.HEARING)
    assert [(f.value, f.status, f.moved_to, f.replaces) for f in hearings] == [
        (old, "moved", new, ""),
        (new, "active", "", old),
    ]
    assert [f.value for f in hearings if f.suggestable] == [new]


def test_a_renvoi_keeps_the_type_of_the_hearing_it_moves() -> None:
    text = "L'audience de mise en état du 5 février 2026 est renvoyée au 19 mars 2026."
    assert [f.detail("type") for f in facts_of(text, FactKind.HEARING)] == ["mise_en_etat", "mise_en_etat"]


def test_a_cancelled_hearing_followed_by_a_renvoi_is_moved_and_the_new_date_stays_active() -> None:
    text = "L'audience du 12 mars 2026 est annulée et l'affaire renvoyée au 9 avril 2026."
    hearings = facts_of(text, FactKind.HEARING)
    assert [(f.value, f.status) for f in hearings] == [("2026-03-12", "moved"), ("2026-04-09", "active")]


def test_a_hearing_before_the_message_date_is_past_and_a_deadline_before_it_expired() -> None:
    text = "Lors de l'audience du 15 janvier 2026, le juge a fixé un calendrier. Conclusions avant le 20 janvier 2026."
    facts = find_facts(text, FEB_2)
    statuses = {(f.kind.value, f.status) for f in facts if f.kind in (FactKind.HEARING, FactKind.DEADLINE)}
    assert statuses == {("hearing", "past"), ("deadline", "expired")}


def test_a_delay_the_text_says_has_run_out_is_expired() -> None:
    (delay,) = facts_of(
        "Le délai d'appel d'un mois à compter de la signification est expiré depuis le 3 janvier.", FactKind.DELAY
    )
    assert (delay.value, delay.status, delay.suggestable) == ("P1M", "expired", False)


def test_two_hearings_of_one_sentence_without_renvoi_both_stay_active() -> None:
    text = "Audience de mise en état le 5 mars 2026 et audience de plaidoiries le 9 avril 2026."
    hearings = facts_of(text, FactKind.HEARING)
    assert [(f.detail("type"), f.status) for f in hearings] == [("mise_en_etat", "active"), ("plaidoiries", "active")]


# Relative deadlines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "anchor_event", "direction"),
    [
        ("dans le délai d'un mois à compter de\nla signification du présent jugement", "P1M", "signification", "after"),
        (
            "dans un délai de quinze jours à compter de la signifi-\ncation de l'ordonnance",
            "P15D",
            "signification",
            "after",
        ),
        (
            "Les conclusions devront être notifiées au plus tard 15 jours avant l'audience.",
            "P15D",
            "audience",
            "before",
        ),
        ("au moins huit jours avant la date de l'audience", "P8D", "audience", "before"),
        ("Vos pièces sous quinzaine, merci.", "P15D", "message", "after"),
        ("Réponse sous huitaine.", "P8D", "message", "after"),
        ("Merci de nous répondre sous 8 jours.", "P8D", "message", "after"),
        ("dans les trois mois de la notification de la décision", "P3M", "notification", "after"),
    ],
)
def test_relative_deadlines_keep_their_delay_anchor_and_direction(
    text: str, value: str, anchor_event: str, direction: str
) -> None:
    (delay,) = facts_of(text, FactKind.DELAY)
    assert (delay.value, delay.detail("anchor_event"), delay.detail("direction")) == (value, anchor_event, direction)
    assert delay.detail("delay")


def test_an_anchor_across_a_line_break_is_read_as_one_phrase() -> None:
    (delay,) = facts_of(
        "dans un délai d'un mois à compter de la\nsignification du présent acte pour faire appel", FactKind.DELAY
    )
    assert delay.detail("anchor") == "la signification du présent acte"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Pourriez-vous me transmettre vos pièces avant vendredi ?", "2026-02-06"),
        ("Merci de me répondre d'ici jeudi prochain.", "2026-02-05"),
        ("à nous retourner au plus tard lundi", "2026-02-09"),
    ],
)
def test_a_weekday_named_as_the_limit_is_the_next_such_day(text: str, value: str) -> None:
    (deadline,) = facts_of(text, FactKind.DEADLINE)  # FEB_2 is a Monday
    assert (deadline.value, deadline.detail("type")) == (value, "limite")
    assert deadline.detail("weekday")


def test_a_weekday_followed_by_its_date_is_an_ordinary_deadline() -> None:
    assert [f.value for f in facts_of("avant vendredi 13 mars 2026", FactKind.DEADLINE)] == ["2026-03-13"]


# Administrative courts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "court", "chamber"),
    [
        ("Tribunal administratif de Melun - requête n° 2401234", "2401234", "TA:Melun", ""),
        ("Cour administrative d'appel de Paris, N° 24PA01234", "24PA01234", "CAA:Paris", ""),
        ("TA de Lyon, req. n° 2301234/3-1", "2301234", "TA:Lyon", "3-1"),
        ("Tribunal administratif de Paris\nDossier n° 2601187/3-1", "2601187", "TA:Paris", "3-1"),
        ("CAA de Versailles n° 25VE00321", "25VE00321", "CAA:Versailles", ""),
    ],
)
def test_administrative_case_numbers_are_read_with_their_court(text: str, value: str, court: str, chamber: str) -> None:
    (case,) = facts_of(text, FactKind.REQUETE)
    assert (case.value, case.detail("court"), case.detail("chamber")) == (value, court, chamber)


def test_a_bare_seven_digit_number_outside_administrative_mail_is_no_case_number() -> None:
    assert facts_of("Facture n° 2401234 du cabinet", FactKind.REQUETE) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "L'instruction sera close le 6 mars 2026 à 12 heures.",
        "La clôture de l'instruction est fixée au 6 mars 2026.",
        "Clôture d'instruction : 06/03/2026",
    ],
)
def test_the_closing_of_the_investigation_is_a_cloture_deadline(sentence: str) -> None:
    (deadline,) = facts_of(sentence, FactKind.DEADLINE)
    assert (deadline.value, deadline.detail("type")) == ("2026-03-06", "cloture")


# Parties --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "roles"),
    [
        (
            "DEMANDEUR : M. Jean MARTIN, demeurant à Lyon\nDÉFENDEUR : SARL DUPONT, prise en la personne",
            "M. Jean MARTIN c/ SARL DUPONT",
            "demandeur/defendeur",
        ),
        (
            "APPELANTE :\nMme Sophie LEROY\n\nINTIMÉE :\nSAS GARAGE CENTRAL\n",
            "Mme Sophie LEROY c/ SAS GARAGE CENTRAL",
            "appelant/intime",
        ),
        (
            "Requérant : M. Karim BENALI\nDéfendeur : Préfet de police\n",
            "M. Karim BENALI c/ Préfet de police",
            "requerant/defendeur",
        ),
        (
            "Demandeur CRÉDIT MUTUALISTE\nDéfendeur M. Alain VIDAL\n",
            "CRÉDIT MUTUALISTE c/ M. Alain VIDAL",
            "demandeur/defendeur",
        ),
        (
            "À LA REQUÊTE DE :\nLa société SCI LES TILLEULS, société civile\n\n"
            "SIGNIFIÉ À :\nMonsieur Hugo PETITJEAN, demeurant",
            "SCI LES TILLEULS c/ Monsieur Hugo PETITJEAN",
            "requerant/signifie",
        ),
    ],
)
def test_parties_are_read_from_role_blocks_tables_and_acts_headings(text: str, value: str, roles: str) -> None:
    (parties,) = facts_of(text, FactKind.PARTIES)
    assert (parties.value, parties.detail("roles")) == (value, roles)


def test_parties_are_read_from_a_subject_of_the_form_x_slash_y() -> None:
    facts = facts_of("Objet : MARTIN / SARL DUPONT - RG 24/01234\n\nBonjour", FactKind.PARTIES)
    assert [f.value for f in facts] == ["MARTIN c/ SARL DUPONT"]


def test_a_subject_with_a_slash_between_words_that_are_no_parties_gives_none() -> None:
    assert facts_of("Objet : Avis de fixation / RG 24/01234\n\nBonjour", FactKind.PARTIES) == []


# Hearing time and type --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("L'affaire sera appelée à l'audience du 12 mars 2026, salle 4, à 9 heures 30.", "2026-03-12T09:30"),
        ("Audience le 12 mars 2026 en salle B à 9h30.", "2026-03-12T09:30"),
        ("Audience : 12/03/2026 09:30", "2026-03-12T09:30"),
        ("Date de l'audience : 12 mars 2026\nHeure : 14h00", "2026-03-12T14:00"),
        ("L'audience se tiendra à 14h00 le 12 mars 2026.", "2026-03-12T14:00"),
        ("vous êtes cité à comparaître le douze mars deux mille vingt-six à neuf heures trente", "2026-03-12T09:30"),
    ],
)
def test_a_hearing_time_is_read_wherever_it_stands_near_its_date(text: str, value: str) -> None:
    assert [f.value for f in facts_of(text, FactKind.HEARING)] == [value]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Vous êtes convoqué à l'audience de mise en état du 12 mars 2026.", "mise_en_etat"),
        ("L'affaire est fixée à l'audience de plaidoirie du 12 mars 2026.", "plaidoiries"),
        ("Le débiteur est convoqué à l'audience d'orientation du 12 mars 2026.", "orientation"),
        ("Après la mise en état, l'affaire est fixée à l'audience de plaidoiries du 12 mars 2026.", "plaidoiries"),
        ("La réorientation du dossier sera examinée à l'audience du 12 mars 2026.", "audience"),
    ],
)
def test_the_hearing_type_is_the_nearest_whole_word_before_its_date(text: str, kind: str) -> None:
    assert [f.detail("type") for f in facts_of(text, FactKind.HEARING)] == [kind]


@pytest.mark.parametrize(
    ("subject", "body", "kind"),
    [
        ("Citation", "Vous êtes cité à comparaître devant le tribunal correctionnel.", "convocation"),
        ("Affaire Martin", "M. Martin est convoqué à l'audience du 12 mars 2026.", "convocation"),
        ("Avis d'audience - requête n° 2401234", "", "convocation"),
        ("Reconvocations et significations diverses", "", "other"),
    ],
)
def test_message_kinds_are_read_from_whole_words_and_summons_phrasings(subject: str, body: str, kind: str) -> None:
    assert extract_text(body, FEB_2, subject=subject).message_kind.value == kind


# Dates in words ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("le douze mars deux mille vingt-six", "2026-03-12"),
        ("L'an deux mille vingt-six et le premier avril", "2026-04-01"),
        ("le vingt et un janvier deux mil vingt-six", "2026-01-21"),
        ("le trente et un décembre deux mille vingt-cinq", "2025-12-31"),
        ("le 1er avril deux mille vingt-six", "2026-04-01"),
    ],
)
def test_dates_written_out_in_words_are_read(text: str, value: str) -> None:
    dates = facts_of(text, FactKind.DATE)
    assert [(f.value, f.detail("words")) for f in dates] == [(value, "yes")]


def test_a_new_date_given_in_place_of_an_old_one_links_them() -> None:
    text = "L'audience se tiendra le 9 avril 2026 au lieu du 12 mars 2026."
    hearings = facts_of(text, FactKind.HEARING)
    assert [(f.value, f.status, f.moved_to, f.replaces) for f in hearings] == [
        ("2026-04-09", "active", "", "2026-03-12"),
        ("2026-03-12", "moved", "2026-04-09", ""),
    ]


def test_a_reply_written_below_or_between_quoted_lines_is_new_text() -> None:
    text = (
        "Le 26/01/2026 à 10:02, Greffe a écrit :\n> L'audience de plaidoiries du 12 mars 2026 est maintenue ?\n\n"
        "Oui. L'audience de mise en état du 5 mars 2026 est maintenue.\n"
    )
    hearings = facts_of(text, FactKind.HEARING)
    assert [(f.value, f.origin) for f in hearings] == [("2026-03-12", "history"), ("2026-03-05", "new")]


def test_the_attribution_line_of_a_reply_is_history() -> None:
    text = "Merci.\n\nLe 26 janvier 2026 à 10:02, Greffe a écrit :\n> rien"
    assert [(f.value, f.origin) for f in facts_of(text, FactKind.DATETIME)] == [("2026-01-26T10:02", "history")]


@pytest.mark.parametrize(
    "sentence",
    [
        "L'audience du 12 mars 2026 est renvoyée sine die.",
        "L'audience du 12 mars 2026 est reportée à une date ultérieure.",
    ],
)
def test_a_hearing_moved_to_a_date_not_yet_known_is_moved_without_a_new_date(sentence: str) -> None:
    (hearing,) = facts_of(sentence, FactKind.HEARING)
    assert (hearing.status, hearing.moved_to, hearing.suggestable) == ("moved", "", False)


def test_a_delay_in_hours_is_read() -> None:
    (delay,) = facts_of("Merci de me répondre sous 48 heures.", FactKind.DELAY)
    assert (delay.value, delay.detail("anchor_event")) == ("PT48H", "message")


def test_a_deadline_that_expired_by_the_text_is_read() -> None:
    (deadline,) = facts_of("Le délai pour conclure expirait le 20 janvier 2026.", FactKind.DEADLINE)
    assert (deadline.value, deadline.status) == ("2026-01-20", "expired")


# Found by the first run of the last 15 labelled messages ------------------------------------------------------


def test_a_court_name_wrapped_before_its_seat_is_read() -> None:
    facts = facts_of(
        "à l'audience du juge de l'exécution du tribunal judiciaire\nde Nanterre le 12 mai", FactKind.JURISDICTION
    )
    assert [f.value for f in facts] == ["TJ:Nanterre"]


def test_a_time_with_seconds_is_read() -> None:
    assert [f.value for f in facts_of("Date: 20 mars 2026 à 16:41:09 UTC+1", FactKind.DATETIME)] == ["2026-03-20T16:41"]


@pytest.mark.parametrize(
    "text",
    [
        "Vous êtes convoqué à un entretien préalable le vendredi 3 avril 2026 à 10h.",
        "je vous convoque à la première réunion d'expertise, qui se tiendra le mardi 5 mai 2026 à 14h30.",
        "ASSIGNATION A COMPARAITRE A L'AUDIENCE D'ORIENTATION\nL'an deux mille vingt-six et le dix mars",
    ],
)
def test_a_meeting_an_interview_or_an_acts_own_date_is_no_hearing(text: str) -> None:
    assert facts_of(text, FactKind.HEARING) == []


def test_a_summons_to_an_interview_is_no_convocation() -> None:
    body = "Monsieur,\nVous êtes convoqué à un entretien préalable le vendredi 3 avril 2026 à 10h."
    assert extract_text(body, FEB_2, subject="Fwd: Convocation").message_kind.value == "other"


def test_an_assignation_names_its_parties_from_the_acts_verbs() -> None:
    text = (
        "A LA REQUETE DE :\nLa société CREDIT MUTUALISTE DE L'OUEST, société coopérative\n"
        "J'ai, commissaire de justice soussigné, donné assignation à :\nMonsieur Alain VIDAL, demeurant"
    )
    (parties,) = facts_of(text, FactKind.PARTIES)
    assert (parties.value, parties.detail("roles")) == (
        "CREDIT MUTUALISTE DE L'OUEST c/ Monsieur Alain VIDAL",
        "requerant/signifie",
    )


def test_a_delay_running_back_from_an_expert_meeting_is_read() -> None:
    (delay,) = facts_of("vos pièces au plus tard 8 jours avant la réunion.", FactKind.DELAY)
    assert (delay.value, delay.detail("direction")) == ("P8D", "before")


# Backward compatibility -----------------------------------------------------------------------------------------


def test_a_fact_built_as_before_takes_the_defaults_of_the_new_fields() -> None:
    fact = Fact(FactKind.RG, "24/01234", "RG 24/01234", 0, 11, 0.95)
    assert (fact.origin, fact.status, fact.moved_to, fact.replaces, fact.suggestable) == (
        "new",
        "active",
        "",
        "",
        False,
    )


def test_a_fact_round_trips_through_its_dict_form_with_origin_status_and_renvoi_link() -> None:
    text = "Je confirme.\n\n> L'audience du 12 mars 2026 est renvoyée au 9 avril 2026."
    for fact in find_facts(text, FEB_2):
        assert Fact.from_dict(fact.as_dict()) == fact
    old = Fact(FactKind.DATE, "2026-03-12", "12 mars 2026", 0, 12, 0.95)
    stored_before = {k: v for k, v in old.as_dict().items()}
    assert set(stored_before) == {"kind", "value", "quote", "start", "end", "confidence", "details"}
    assert Fact.from_dict(stored_before) == old


def test_parties_are_read_from_a_plain_text_table() -> None:
    text = "| Demandeur | M. Jean MARTIN |\n| Défendeur | SARL DUPONT |\n"
    assert [f.value for f in facts_of(text, FactKind.PARTIES)] == ["M. Jean MARTIN c/ SARL DUPONT"]


def test_a_hearing_time_in_the_next_cell_of_a_plain_text_table_is_read() -> None:
    text = "| Audience de plaidoiries | 12/03/2026 | 09h30 |"
    assert [(f.value, f.detail("type")) for f in facts_of(text, FactKind.HEARING)] == [
        ("2026-03-12T09:30", "plaidoiries")
    ]


def test_a_closing_date_moved_to_a_new_one_is_a_moved_deadline_linked_to_the_new_one() -> None:
    text = "La clôture de l'instruction, initialement fixée au 15 mai 2026, est reportée au 29 mai 2026."
    assert facts_of(text, FactKind.HEARING) == []
    deadlines = facts_of(text, FactKind.DEADLINE)
    assert [(f.value, f.detail("type"), f.status, f.moved_to, f.replaces) for f in deadlines] == [
        ("2026-05-15", "cloture", "moved", "2026-05-29", ""),
        ("2026-05-29", "cloture", "active", "", "2026-05-15"),
    ]


def test_a_renvoi_whose_old_date_is_not_written_is_flagged_so_the_old_hearing_can_be_found() -> None:
    (hearing,) = facts_of("Je vous confirme que l'affaire a été renvoyée au 9 avril 2026.", FactKind.HEARING)
    assert (hearing.value, hearing.detail("renvoi"), hearing.replaces) == ("2026-04-09", "yes", "")


def test_a_gmail_html_reply_keeps_its_blockquote_as_history() -> None:
    raw = (
        "From: Client <client@example.org>\nTo: cabinet@vasseur-avocats.fr\nSubject: Re: audience\n"
        "Date: Mon, 2 Feb 2026 21:14:00 +0100\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
        '<div dir="ltr">Bien noté, merci.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
        "Le lun. 2 févr. 2026 à 17:03, Claire Vasseur &lt;claire@vasseur-avocats.fr&gt; a écrit&nbsp;:<br></div>"
        '<blockquote class="gmail_quote">L\'audience de plaidoiries est fixée au 12 mars 2026 à 9h30.'
        "</blockquote></div>"
    ).encode()
    message = read_message(raw)
    result = extract_text(message_text(message), FEB_2)
    assert [(f.value, f.origin) for f in result.of_kind(FactKind.HEARING)] == [("2026-03-12T09:30", "history")]
    assert result.suggestable() == ()


def test_the_dates_of_a_reply_subject_are_history_and_its_references_stay_new() -> None:
    text = "Objet : RE: Audience du 12 mars 2026 - RG 24/01234\n\nJe serai présent."
    facts = {(f.kind.value, f.origin) for f in find_facts(text, FEB_2)}
    assert {("hearing", "history"), ("date", "history"), ("rg", "new")} <= facts
    assert extract_text(text, FEB_2).suggestable() == ()


def test_a_decision_that_annuls_an_act_at_a_hearing_does_not_cancel_the_hearing() -> None:
    text = "À l'audience du 12 mars 2026, le tribunal a annulé l'arrêté du préfet."
    assert [f.status for f in facts_of(text, FactKind.HEARING)] == ["active"]
