"""The catalogue of common delays, as data. Each rule version carries its legal basis, the text that set it and
the dates it applies to. Appeal-procedure rules are keyed on the appeal's filing date (décret n° 2023-1391: appeals
filed from 1 September 2024 follow arts. 906-1/906-2; earlier ones the former arts. 905-1/905-2)."""

from __future__ import annotations

import datetime as dt

from domain.deadlines.catalogue_more import (
    administrative_entries,
    appeal_side_entries,
    insolvency_entries,
    recourse_entries,
)
from domain.deadlines.delay import Delay
from domain.deadlines.entry import CatalogueEntry, Court, Distance, FiledAt, Mode, RuleVersion
from domain.deadlines.errors import DeadlineInputError

# Re-exported: callers import the entry types from here.
__all__ = ["APPEAL_REFORM", "CatalogueEntry", "Court", "Distance", "FiledAt", "Mode", "RuleVersion"]

APPEAL_REFORM = dt.date(2024, 9, 1)
_NOTICE = (
    "Le délai ne court que si l'acte de notification mentionne la voie de recours, son délai et ses modalités "
    "(art. 680 CPC ; Cass. 2e civ., 28 janv. 2016, n° 15-11.391)."
)


def _v(delay: Delay, basis: str, text: str, since: dt.date | None = None, until: dt.date | None = None) -> RuleVersion:
    return RuleVersion(delay, basis, text, since, until)


_CPC_1976 = "décret n° 75-1123 du 5 déc. 1975, en vigueur le 1er janv. 1976"
_REFORM = "décret n° 2023-1391 du 29 déc. 2023, appels formés à compter du 1er sept. 2024"
_MAGENDIE = "décret n° 2009-1524 du 9 déc. 2009, modifié par le décret n° 2017-891 du 6 mai 2017"
PRESCRIPTION_NOTE = (
    "Prescription : pas de report au jour ouvrable suivant (art. 642 CPC inapplicable ; C. civ. art. 2229 ; "
    "Cass. 2e civ., 7 avr. 2016, n° 15-12.960)."
)
# Said only when the art. 911-2 extension is applied (see compute._rule_for).
DISTANCE_PARTY_NOTE = (
    "Délai de distance de l'art. 911-2 CPC : seule la situation de la partie qui doit agir compte "
    "(Cass. 2e civ., 7 sept. 2017)."
)
DISTANCE_REFORM_NOTE = (
    "Art. 911-2 CPC après le décret n° 2023-1391 : texte en vigueur pour les appels formés depuis le "
    "1er septembre 2024 non vérifié dans les sources consultées (augmentation supposée inchangée)."
)
_ONE_MONTH, _TWO_MONTHS, _FIFTEEN_DAYS = Delay(months=1), Delay(months=2), Delay(days=15)
_CPCE, _CPH_2016, _CONSUMER_2016 = dt.date(2012, 6, 1), dt.date(2016, 8, 1), dt.date(2016, 7, 1)


def _appeal_entries() -> tuple[CatalogueEntry, ...]:
    return (
        CatalogueEntry("appel", "Appel d'un jugement (matière contentieuse)", "signification du jugement",
            (_v(_ONE_MONTH, "CPC art. 538", _CPC_1976),), ("CPC art. 538, 528, 640-642", "CPC art. 643-644"),
            distance="art-643-644", notes=(_NOTICE,), filed_at="cour_appel"),
        CatalogueEntry("appel_gracieux", "Appel d'une décision gracieuse", "notification de la décision",
            (_v(_FIFTEEN_DAYS, "CPC art. 538", _CPC_1976),), ("CPC art. 538",),
            distance="art-643-644", notes=(_NOTICE,), filed_at="cour_appel"),
        CatalogueEntry("appel_refere", "Appel d'une ordonnance de référé", "signification de l'ordonnance",
            (_v(_FIFTEEN_DAYS, "CPC art. 490", _CPC_1976),), ("CPC art. 490", "Solent Avocats, délais de recours"),
            distance="art-643-644", notes=(_NOTICE,), filed_at="cour_appel"),
        CatalogueEntry("opposition", "Opposition à un jugement rendu par défaut", "signification du jugement",
            (_v(_ONE_MONTH, "CPC art. 538", _CPC_1976),), ("CPC art. 538, 571 s.",),
            distance="art-643-644", notes=(_NOTICE,)),
        CatalogueEntry("appel_jex", "Appel d'une décision du juge de l'exécution", "notification de la décision",
            (_v(_FIFTEEN_DAYS, "décret n° 92-755 du 31 juill. 1992, art. 29 (ancien)", "en vigueur le 1er janv. "
                "1993 (date non vérifiée), abrogé le 1er juin 2012", dt.date(1993, 1, 1), _CPCE),
             _v(_FIFTEEN_DAYS, "CPCE art. R121-20", "décret n° 2012-783 du 30 mai 2012, en vigueur le 1er juin 2012",
                _CPCE)),
            ("CPCE art. R121-20", "décret n° 92-755 art. 29 ancien (doctrine.fr, version 2008-2012)"),
            distance="art-643-644", notes=(_NOTICE,), filed_at="cour_appel"),
        CatalogueEntry("appel_cph", "Appel d'un jugement du conseil de prud'hommes", "notification du jugement",
            (_v(_ONE_MONTH, "C. trav. art. R1461-1 ancien (anc. R517-7) ; CPC art. 538", "rédaction antérieure au "
                "décret n° 2016-660", None, _CPH_2016),
             _v(_ONE_MONTH, "C. trav. art. R1461-1", "décret n° 2016-660 du 20 mai 2016, en vigueur le 1er août 2016",
                _CPH_2016)),
            ("C. trav. art. R1461-1", "CPC art. 538"), distance="art-643-644", notes=(_NOTICE,),
            filed_at="cour_appel"),
        CatalogueEntry("appel_ordonnance_jme", "Appel d'une ordonnance du juge de la mise en état",
            "signification de l'ordonnance",
            (_v(_FIFTEEN_DAYS, "CPC art. 795 (anc. art. 776)", "décret n° 2019-1333 du 11 déc. 2019, en vigueur le "
                "1er janv. 2020"),),
            ("CPC art. 795", "Solent Avocats, délais de recours"), distance="art-643-644", notes=(_NOTICE,),
            filed_at="cour_appel"),
        CatalogueEntry("pourvoi", "Pourvoi en cassation", "signification de la décision",
            (_v(_TWO_MONTHS, "CPC art. 612", _CPC_1976),), ("CPC art. 612", "CPC art. 643"),
            distance="pourvoi", notes=(_NOTICE,), filed_at="cour_cassation"),
    )  # fmt: skip


def _appeal_procedure_entries() -> tuple[CatalogueEntry, ...]:
    before, after = APPEAL_REFORM, APPEAL_REFORM
    return (
        CatalogueEntry("signification_declaration_appel", "Signifier la déclaration d'appel (bref délai)",
            "réception de l'avis de fixation",
            (_v(Delay(days=10), "CPC art. 905-1 (ancien)", _MAGENDIE, None, before),
             _v(Delay(days=20), "CPC art. 906-1", _REFORM, after)),
            ("CPC art. 905-1 ancien, 906-1", "décret n° 2023-1391"), distance="procedure-appel",
            keyed_on_filing_date=True,
            filed_at="cour_appel"),
        CatalogueEntry("conclusions_appelant_bref_delai", "Conclusions de l'appelant (bref délai)",
            "réception de l'avis de fixation",
            (_v(_ONE_MONTH, "CPC art. 905-2 al. 1 (ancien)", _MAGENDIE, None, before),
             _v(_TWO_MONTHS, "CPC art. 906-2", _REFORM, after)),
            ("CPC art. 905-2 ancien, 906-2", "décret n° 2023-1391"), distance="procedure-appel",
            keyed_on_filing_date=True,
            filed_at="cour_appel"),
        CatalogueEntry("conclusions_intime_bref_delai", "Conclusions de l'intimé (bref délai)",
            "notification des conclusions de l'appelant",
            (_v(_ONE_MONTH, "CPC art. 905-2 al. 2 (ancien)", _MAGENDIE, None, before),
             _v(_TWO_MONTHS, "CPC art. 906-2", _REFORM, after)),
            ("CPC art. 905-2 ancien, 906-2", "décret n° 2023-1391"), distance="procedure-appel",
            keyed_on_filing_date=True,
            filed_at="cour_appel"),
        CatalogueEntry("conclusions_appelant_mise_en_etat", "Conclusions de l'appelant (mise en état)",
            "déclaration d'appel",
            (_v(Delay(months=3), "CPC art. 908", _MAGENDIE, None, before),
             _v(Delay(months=3), "CPC art. 908", _REFORM, after)),
            ("CPC art. 908",), distance="procedure-appel", keyed_on_filing_date=True,
            filed_at="cour_appel"),
        CatalogueEntry("conclusions_intime_mise_en_etat", "Conclusions de l'intimé (mise en état)",
            "notification des conclusions de l'appelant",
            (_v(Delay(months=3), "CPC art. 909", _MAGENDIE, None, before),
             _v(Delay(months=3), "CPC art. 909", _REFORM, after)),
            ("CPC art. 909",), distance="procedure-appel", keyed_on_filing_date=True,
            filed_at="cour_appel"),
        CatalogueEntry("defere_ordonnance_cme", "Déféré d'une ordonnance du conseiller de la mise en état",
            "ordonnance",
            (_v(_FIFTEEN_DAYS, "CPC art. 916 al. 2 (ancien)", _MAGENDIE, None, before),
             _v(_FIFTEEN_DAYS, "CPC art. 913-8 al. 2", _REFORM, after)),
            ("CPC art. 916 ancien, 913-8 (texte de l'art. 913-8 : lexbase.fr)",
             "Cass. 2e civ., 30 juin 2022, n° 21-12.865"), mode="jour_compte", keyed_on_filing_date=True,
            notes=("Texte spécial : « dans les quinze jours de leur date », le jour de l'ordonnance compte "
                   "(Cass. 2e civ., 30 juin 2022, n° 21-12.865, rendu sur l'ancien art. 916 ; même formule à "
                   "l'art. 913-8).",), filed_at="cour_appel"),
    )  # fmt: skip


def _other_entries() -> tuple[CatalogueEntry, ...]:
    return (
        CatalogueEntry("contestation_saisie_attribution", "Contestation d'une saisie-attribution",
            "dénonciation de la saisie",
            (_v(_ONE_MONTH, "CPCE art. R211-11", "décret n° 2012-783 du 30 mai 2012, en vigueur le 1er juin 2012",
                dt.date(2012, 6, 1)),),
            ("CPCE art. R211-11", "Cass. 2e civ., 4 juin 2020, n° 19-12.260 (art. 642 applicable)")),
        CatalogueEntry("prescription_droit_commun", "Prescription de droit commun (actions personnelles ou "
            "mobilières)", "jour de la connaissance des faits",
            (_v(Delay(years=5), "C. civ. art. 2224", "loi n° 2008-561 du 17 juin 2008, en vigueur le 19 juin 2008",
                dt.date(2008, 6, 19)),),
            ("C. civ. art. 2224, 2228, 2229", "Cass. 2e civ., 7 avr. 2016, n° 15-12.960"), mode="prescription"),
        CatalogueEntry("prescription_consommation", "Prescription biennale (professionnel contre consommateur)",
            "jour de la connaissance des faits",
            (_v(Delay(years=2), "C. consom. art. L137-2 (ancien)", "loi n° 2008-561 du 17 juin 2008, en vigueur le "
                "19 juin 2008", dt.date(2008, 6, 19), _CONSUMER_2016),
             _v(Delay(years=2), "C. consom. art. L218-2 (anc. L137-2)", "ordonnance n° 2016-301 du 14 mars 2016, "
                "en vigueur le 1er juill. 2016", _CONSUMER_2016)),
            ("C. consom. art. L218-2, anc. L137-2",), mode="prescription"),
        CatalogueEntry("prescription_salaires", "Prescription de l'action en paiement des salaires",
            "jour de la connaissance des faits",
            (_v(Delay(years=3), "C. trav. art. L3245-1", "loi n° 2013-504 du 14 juin 2013", dt.date(2013, 6, 17)),),
            ("C. trav. art. L3245-1",), mode="prescription"),
        CatalogueEntry("prescription_rupture_contrat_travail", "Prescription des actions sur la rupture du contrat "
            "de travail", "notification de la rupture",
            (_v(Delay(months=12), "C. trav. art. L1471-1 al. 2", "ordonnance n° 2017-1387 du 22 sept. 2017",
                dt.date(2017, 9, 24)),),
            ("C. trav. art. L1471-1",), mode="prescription"),
    )  # fmt: skip


def catalogue() -> tuple[CatalogueEntry, ...]:
    return (
        _appeal_entries() + _appeal_procedure_entries() + appeal_side_entries() + _other_entries() + recourse_entries()
        + insolvency_entries() + administrative_entries()
    )  # fmt: skip


def find_entry(kind: str) -> CatalogueEntry:
    wanted = kind.strip().lower().replace("-", "_")
    for entry in catalogue():
        if entry.kind == wanted:
            return entry
    known = ", ".join(e.kind for e in catalogue())
    raise DeadlineInputError(f"Type de délai inconnu : « {kind} ». Types connus : {known}.", field="kind")


def catalogue_as_dicts() -> list[dict[str, object]]:
    return [
        {
            "kind": e.kind,
            "label": e.label,
            "trigger": e.trigger,
            "mode": e.mode,
            "distance": e.distance,
            "keyed_on_filing_date": e.keyed_on_filing_date,
            "filed_at": e.filed_at,
            "court": e.court,
            "notes": list(e.notes),
            "sources": list(e.sources),
            "versions": [
                {
                    "delay": v.delay.french(),
                    "basis": v.basis,
                    "text_version": v.text_version,
                    "applies_from": v.applies_from.isoformat() if v.applies_from else None,
                    "applies_until": v.applies_until.isoformat() if v.applies_until else None,
                }
                for v in e.versions
            ],
        }
        for e in catalogue()
    ]
