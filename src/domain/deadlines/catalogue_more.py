"""Catalogue entries beyond the appeal: tierce opposition and révision (CPC), the main insolvency delays (Code de
commerce) and the administrative courts' delays (Code de justice administrative). Texts as quoted in
docs/deadlines.md, with where each was read."""

from __future__ import annotations

import datetime as dt

from domain.deadlines.delay import Delay
from domain.deadlines.entry import CatalogueEntry, RuleVersion

_CPC_1976 = "décret n° 75-1123 du 5 déc. 1975, en vigueur le 1er janv. 1976"
_INSOLVENCY = "loi n° 2005-845 du 26 juill. 2005 et décret n° 2005-1677 du 28 déc. 2005, en vigueur le 1er janv. 2006"
_INSOLVENCY_FROM = dt.date(2006, 1, 1)
_CJA = "code de justice administrative, en vigueur le 1er janv. 2001"
_CJA_FROM = dt.date(2001, 1, 1)
_TWO_MONTHS, _TEN_DAYS = Delay(months=2), Delay(days=10)


_MAGENDIE = "décret n° 2009-1524 du 9 déc. 2009, modifié par le décret n° 2017-891 du 6 mai 2017"
_APPEAL_REFORM = dt.date(2024, 9, 1)  # décret n° 2023-1391: appeals filed from this day follow the new articles


def _v(delay: Delay, basis: str, text: str, since: dt.date | None = None, until: dt.date | None = None) -> RuleVersion:
    return RuleVersion(delay, basis, text, since, until)


def recourse_entries() -> tuple[CatalogueEntry, ...]:
    notified = (
        "Le délai de deux mois ne court que si la notification au tiers indique le délai et les modalités du recours "
        "(art. 586 al. 3 CPC) ; à défaut, trente ans à compter du jugement (type « tierce_opposition_trente_ans »)."
    )
    return (
        CatalogueEntry("tierce_opposition", "Tierce opposition (jugement contentieux notifié au tiers)",
            "notification du jugement au tiers", (_v(_TWO_MONTHS, "CPC art. 586 al. 3", _CPC_1976),),
            ("CPC art. 586 al. 3", "CPC art. 643-644 (tierce opposition dans le cas de l'art. 586 al. 3)"),
            distance="art-643-644", notes=(notified,)),
        CatalogueEntry("tierce_opposition_trente_ans", "Tierce opposition (jugement non notifié au tiers)",
            "jugement", (_v(Delay(years=30), "CPC art. 586 al. 1", _CPC_1976),),
            ("CPC art. 586 al. 1 et 2",),
            notes=("Trente ans à compter du jugement, sauf loi contraire ; la tierce opposition reste ouverte à la "
                   "partie à qui est opposé un jugement passé en force de chose jugée (art. 586 al. 2 CPC).",)),
        CatalogueEntry("recours_revision", "Recours en révision",
            "connaissance de la cause de révision",
            (_v(_TWO_MONTHS, "CPC art. 596", _CPC_1976),), ("CPC art. 596", "CPC art. 643-644"),
            distance="art-643-644",
            notes=("Point de départ : le jour où la partie a connu la cause de révision qu'elle invoque "
                   "(art. 596 CPC), à établir par pièce.",)),
    )  # fmt: skip


def appeal_side_entries() -> tuple[CatalogueEntry, ...]:
    """Delays DEADLINE_RULES.md cites that sit beside the appeal: art. 911 with 908, expropriation, compétence."""
    return (
        CatalogueEntry("signification_conclusions_appelant_defaillant",
            "Signifier les conclusions de l'appelant à l'intimé non constitué (mise en état, appels avant le "
            "1er sept. 2024)", "déclaration d'appel",
            (_v(Delay(months=4), "CPC art. 908 et 911 al. 1 (anciens)", _MAGENDIE, None, _APPEAL_REFORM),),
            ("CPC art. 908, 911 al. 1 (rédaction du décret n° 2017-891)",
             "Cass. 2e civ., 25 mars 2021, n° 19-20.636 (criquillion-avocat.com)"),
            distance="procedure-appel", keyed_on_filing_date=True, filed_at="cour_appel",
            notes=("Trois mois (art. 908) puis « au plus tard dans le mois suivant l'expiration » (art. 911) : un "
                   "seul bloc de quatre mois compté du quantième de la déclaration d'appel, sans report du terme "
                   "intermédiaire (Cass. 2e civ., 25 mars 2021, n° 19-20.636).",)),
        CatalogueEntry("conclusions_appelant_expropriation", "Conclusions de l'appelant (expropriation)",
            "déclaration d'appel",
            (_v(Delay(months=3), "C. expr. art. R311-26", "décret n° 2017-891 du 6 mai 2017 (date d'application "
                "non vérifiée)", dt.date(2017, 9, 1)),),
            ("C. expr. art. R311-26", "Cass. 3e civ., 21 janv. 2021, n° 19-24.799 (art. 642 applicable)"),
            filed_at="cour_appel"),
        CatalogueEntry("appel_competence", "Appel d'un jugement statuant sur la compétence", "notification du jugement",
            (_v(Delay(days=15), "CPC art. 84", "décret n° 2017-891 du 6 mai 2017, en vigueur le 1er sept. 2017",
                dt.date(2017, 9, 1)),),
            ("CPC art. 83-84", "thdesrousseaux-avocat.blog, les délais d'appel en procédure civile (2024)"),
            distance="art-643-644", filed_at="cour_appel"),
    )  # fmt: skip


def insolvency_entries() -> tuple[CatalogueEntry, ...]:
    return (
        CatalogueEntry("declaration_creances", "Déclaration de créances (procédure collective)",
            "publication du jugement d'ouverture au BODACC",
            (_v(_TWO_MONTHS, "C. com. art. R622-24 al. 1", _INSOLVENCY, _INSOLVENCY_FROM),),
            ("C. com. art. L622-24, R622-24",), distance="declaration-creances",
            notes=("Créanciers titulaires d'une sûreté publiée ou d'un contrat publié : le délai court de "
                   "l'avertissement personnel du mandataire judiciaire (art. L622-24 al. 1, R622-21 C. com.).",)),
        CatalogueEntry("appel_procedure_collective", "Appel d'une décision rendue en matière de procédure collective",
            "notification de la décision", (_v(_TEN_DAYS, "C. com. art. R661-3", _INSOLVENCY, _INSOLVENCY_FROM),),
            ("C. com. art. R661-3", "CPC art. 643-644 (délais d'appel)"), distance="art-643-644",
            filed_at="cour_appel",
            notes=("Dix jours « sauf dispositions contraires » (art. R661-3 C. com.) : vérifier le texte propre à la "
                   "décision attaquée.",)),
        CatalogueEntry("tierce_opposition_procedure_collective",
            "Tierce opposition à une décision rendue en matière de procédure collective",
            "prononcé de la décision ou publication au BODACC",
            (_v(_TEN_DAYS, "C. com. art. R661-2", _INSOLVENCY, _INSOLVENCY_FROM),), ("C. com. art. R661-2",),
            notes=("Dix jours à compter du prononcé ; pour une décision publiée au BODACC, à compter de cette "
                   "publication (art. R661-2 al. 2 C. com.).",)),
        CatalogueEntry("revendication", "Revendication de meubles (procédure collective)",
            "publication du jugement d'ouverture au BODACC",
            (_v(Delay(months=3), "C. com. art. L624-9", _INSOLVENCY, _INSOLVENCY_FROM),), ("C. com. art. L624-9",),
            report_doubtful=True),
    )  # fmt: skip


def administrative_entries() -> tuple[CatalogueEntry, ...]:
    notice = (
        "Le délai n'est opposable que si la notification mentionne les délais et voies de recours (art. R421-5 CJA)."
    )
    return (
        CatalogueEntry("recours_contentieux_administratif", "Recours contentieux devant le tribunal administratif",
            "notification ou publication de la décision",
            (_v(_TWO_MONTHS, "CJA art. R421-1", _CJA, _CJA_FROM),), ("CJA art. R421-1, R421-5, R421-7",),
            mode="franc", distance="cja", court="administrative", notes=(notice,)),
        CatalogueEntry("appel_caa", "Appel devant la cour administrative d'appel", "notification du jugement",
            (_v(_TWO_MONTHS, "CJA art. R811-2", _CJA, _CJA_FROM),), ("CJA art. R811-2, R811-5, R421-7",),
            mode="franc", distance="cja-appel", court="administrative",
            notes=("Le délai court, pour chaque partie, de la notification du jugement faite selon les art. R751-3 et "
                   "R751-4 CJA (art. R811-2 CJA).",)),
        CatalogueEntry("cloture_instruction_administrative",
            "Clôture automatique de l'instruction (juridiction administrative)", "l'audience",
            (_v(Delay(days=3), "CJA art. R613-2", _CJA, _CJA_FROM),), ("CJA art. R613-1, R613-2, R613-3",),
            mode="rebours", court="administrative",
            notes=("Sans ordonnance de clôture (art. R613-1 CJA), l'instruction est close trois jours francs avant "
                   "l'audience (art. R613-2 CJA) ; un mémoire produit après la clôture n'est pas examiné "
                   "(art. R613-3 CJA).",)),
    )  # fmt: skip
