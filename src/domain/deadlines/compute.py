"""The computation: art. 640–642 CPC forward, with distance (643–644, 647), and the explicit special regimes:
prescription (no extension), *délais à rebours* (counted *franc*, no extension) and special texts where the day of
the decision counts. Pure: dates in, dates and French sentences out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from domain.deadlines.calendar import NonWorkingDay
from domain.deadlines.catalogue import (
    APPEAL_REFORM,
    DISTANCE_PARTY_NOTE,
    DISTANCE_REFORM_NOTE,
    PRESCRIPTION_NOTE,
    CatalogueEntry,
    Mode,
    RuleVersion,
    find_entry,
)
from domain.deadlines.counting import add_months, count_forward, extend, last_working_day_on_or_before
from domain.deadlines.delay import Delay
from domain.deadlines.distance import DistanceOutcome, distance_extension
from domain.deadlines.errors import DeadlineInputError
from domain.deadlines.explain import (
    FRANC_BASIS,
    FRANC_REPORT,
    alert_before_sentence,
    alert_sentence,
    due_sentence,
    extension_sentences,
    fr_date,
    start_sentence,
)
from domain.deadlines.model import DeadlineRequest, DeadlineResult, Rule, calendar_for
from domain.deadlines.readings import BASSE_TERRE_ZONES, alternatives
from domain.deadlines.zones import METROPOLE, parse_zone, same_territory

MIN_YEAR, MAX_YEAR = 1976, 2199
_MODE_WORDS: dict[Mode, tuple[str, str]] = {
    "procedure": ("un délai de procédure (art. 640-642 CPC)", "aucune option de régime"),
    "prescription": ("un délai de prescription", "--prescription"),
    "rebours": ("un délai à rebours", "--backward"),
    "jour_compte": ("un délai où le jour de la décision compte", "--decision-day-counts"),
    "franc": ("un délai franc des juridictions administratives", "aucune option de régime"),
}


def compute_deadline(request: DeadlineRequest) -> DeadlineResult:
    """The deadline for `request`; raises DeadlineInputError (French message) on unusable input."""
    _check_year(request.start, "point de départ")
    rules = _resolve(request)
    rule = rules[0]
    if rule.mode == "prescription":
        return _prescription(request, rule)
    if rule.mode == "rebours":
        return _backward(request, rule)
    if len(rules) == 2:
        return _earliest_regime(request, rules[0], rules[1])
    return _forward(request, rule)


def _check_year(day: dt.date, what: str) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DeadlineInputError(
            f"Date hors du champ ({what} : {day.isoformat()}) : le moteur couvre les années {MIN_YEAR} à {MAX_YEAR} "
            "(CPC en vigueur depuis le 1er janvier 1976)."
        )


def _resolve(request: DeadlineRequest) -> tuple[Rule, ...]:
    """The rule to apply; two rules (post-reform first) when the appeal's filing date decides and is unknown."""
    entry = find_entry(request.kind) if request.kind else None
    if entry is None:
        if request.delay is None:
            raise DeadlineInputError("Indiquez un délai (--delay) ou un type de délai du catalogue (--kind).")
        mode = request.mode or "procedure"
        trigger = request.trigger or "acte ou événement déclencheur"
        return (Rule(request.delay, mode, trigger, ("CPC art. 640-642",), None, ()),)
    _check_mode(request, entry)
    key = request.filed_on or request.start
    version = entry.version_for(key)
    if version is None:
        hint = " Précisez la date de la déclaration d'appel (--filed-on)." if entry.keyed_on_filing_date else ""
        raise DeadlineInputError(
            f"Aucune version de la règle « {entry.kind} » ne s'applique au {fr_date(key)} : "
            f"voir {', '.join(entry.sources)}.{hint}"
        )
    rule = _rule_for(request, entry, version)
    if entry.keyed_on_filing_date and request.filed_on is None and request.start >= APPEAL_REFORM:
        former = entry.version_for(APPEAL_REFORM - dt.timedelta(days=1))
        if former is not None:
            return rule, _rule_for(request, entry, former)
    return (rule,)


def _check_mode(request: DeadlineRequest, entry: CatalogueEntry) -> None:
    """A regime flag (--prescription, --backward, --decision-day-counts) must agree with the catalogue entry."""
    if request.mode is None or request.mode == entry.mode:
        return
    wanted, flag = _MODE_WORDS[request.mode]
    raise DeadlineInputError(
        f"Options incompatibles : « {entry.kind} » est {_MODE_WORDS[entry.mode][0]}, pas {wanted} ({flag}). "
        f"Retirez {flag} ou choisissez un autre type de délai.",
        field="mode",
    )


def _rule_for(request: DeadlineRequest, entry: CatalogueEntry, version: RuleVersion) -> Rule:
    notes = list(entry.notes)
    delay = request.delay or version.delay
    if request.delay is not None and request.delay != version.delay:
        notes.append(f"Délai saisi ({delay.french()}) différent du catalogue ({version.delay.french()}).")
    trigger = request.trigger or entry.trigger
    counting: tuple[str, ...] = ("CPC art. 640-642",) if entry.court == "judiciaire" else ()
    if entry.mode == "franc":
        counting = (f"{FRANC_BASIS} (délai franc)", FRANC_REPORT)
    basis = (f"{version.basis} ({version.text_version})", *counting)
    distance_notes: tuple[str, ...] = ()
    if entry.distance == "procedure-appel":
        reformed = version.applies_from is not None and version.applies_from >= APPEAL_REFORM
        distance_notes = (DISTANCE_PARTY_NOTE, *((DISTANCE_REFORM_NOTE,) if reformed else ()))
    return Rule(
        delay, entry.mode, trigger, basis, entry.distance, tuple(notes), entry.filed_at, distance_notes,
        entry.report_doubtful, entry.court == "administrative",
    )  # fmt: skip


def _earliest_regime(request: DeadlineRequest, new: Rule, former: Rule) -> DeadlineResult:
    """Filing date unknown, avis after 1 Sept. 2024: the earlier of both regimes' dates, with the other one."""
    first, second = _forward(request, new), _forward(request, former)
    chosen, other = (second, first) if second.due_date < first.due_date else (first, second)
    intro = "Date de la déclaration d'appel non fournie (--filed-on)"
    if chosen.due_date == other.due_date:  # nothing to warn about: a sentence of the explanation
        sentence = f"{intro} : les régimes antérieur et postérieur au 1er septembre 2024 donnent la même échéance."
        notes: list[str] = []
    else:
        sentence = f"{intro} : échéance du régime qui donne la date la plus proche ({chosen.legal_basis[0]})."
        notes = [
            f"{intro} : c'est elle qui décide du régime (décret n° 2023-1391, appels formés à compter du "
            f"1er septembre 2024). Échéance retenue, la plus proche : {chosen.legal_basis[0]}. Selon "
            f"{other.legal_basis[0]} : échéance le {fr_date(other.due_date, weekday=True)}."
        ]
    regime = other.legal_basis[0].split(" (")[0]
    extra = tuple((f"{label} ({regime})", day) for label, day in other.readings if day < chosen.due_date)
    readings = chosen.readings + extra
    alert = min([chosen.due_date, *(day for _, day in readings)])
    sentences = [s for s in chosen.explanation if not s.startswith("Alerte recommandée")]
    sentences.append(sentence)
    if alert < chosen.due_date:
        sentences.append(alert_sentence(alert))
    warnings = [*notes, *chosen.warnings, *(_reading_warning(label, day) for label, day in extra)]
    return replace(
        chosen, alert_date=alert, warnings=_unique(warnings), explanation=tuple(sentences), readings=readings
    )


def _seat(request: DeadlineRequest, rule: Rule) -> tuple[DeadlineRequest, list[str]]:
    """The request as seen from the court where the act is done: the Cour de cassation sits in Paris."""
    if rule.filed_at != "cour_cassation" or request.zone.code == METROPOLE:
        return request, []
    sentence = (
        f"Pourvoi formé à la Cour de cassation (Paris) : calendrier de la France métropolitaine, et non celui du "
        f"siège indiqué ({request.zone.label})"
    )
    if request.party_residence is not None:
        sentence += " ; le délai de distance se mesure depuis Paris (art. 643 CPC)"
    sentence += "."
    return replace(request, zone=parse_zone("75")), [sentence]


def _forward(request: DeadlineRequest, rule: Rule) -> DeadlineResult:
    outcome = distance_extension(request.zone, request.party_residence, request.served_in_person_at, rule.distance)
    seat, seat_sentences = _seat(request, rule)
    total = rule.delay.plus(outcome.extension)
    theoretical, counted = count_forward(request.start, total, day_counts=rule.day_counts, franc=rule.franc)
    _check_year(theoretical, "échéance")
    due, skipped = extend(theoretical, calendar_for(seat))
    sentences = [start_sentence(rule.trigger, request.start, counted=rule.day_counts), *seat_sentences]
    sentences += [*outcome.sentences, *counted, *extension_sentences(skipped, due, franc=rule.franc)]
    sentences.append(due_sentence(due, extended=bool(skipped), franc=rule.franc))
    readings = tuple(
        (label, day) for label, day in alternatives(seat, rule, outcome, theoretical, skipped) if day != due
    )
    alert = min([due, *(day for _, day in readings)])
    if alert < due:
        sentences.append(alert_sentence(alert))
    distance_notes = () if outcome.extension.is_empty else rule.distance_notes
    warnings = [*rule.notes, *distance_notes, *outcome.warnings, *_forward_warnings(seat, rule, outcome)]
    warnings += [_reading_warning(label, day) for label, day in readings]
    basis = rule.basis + ((outcome.basis,) if outcome.basis else ())
    return DeadlineResult(
        request.start, due, theoretical, alert, rule.mode, _rule_name(rule),
        basis, rule.delay, outcome.extension, seat.zone, request.kind,
        _unique(warnings), tuple(sentences), skipped, readings,
    )  # fmt: skip


def _rule_name(rule: Rule) -> str:
    if rule.franc:
        return "délai franc (juridictions administratives), prorogé au premier jour ouvrable suivant"
    return "texte spécial : jour de la décision compté, puis art. 642 CPC" if rule.day_counts else "art. 640-642 CPC"


def _forward_warnings(request: DeadlineRequest, rule: Rule, outcome: DistanceOutcome) -> list[str]:
    warnings: list[str] = []
    if rule.delay.weeks:
        warnings.append(
            "Délai en semaines : non prévu par l'art. 641 CPC ; compté comme 7 jours par semaine puis art. 642 "
            "(à vérifier)."
        )
    if rule.day_counts and request.kind is None:  # a catalogue entry's own note already says it, with its text
        warnings.append("Texte spécial : le jour de la décision compte (dérogation à l'art. 641 al. 1 CPC).")
    if _basse_terre_applies(request, rule, outcome):
        article = "art. 911-2 CPC" if rule.distance == "procedure-appel" else "art. 644 CPC"
        warnings.append(
            f"Appel porté devant la cour d'appel de Basse-Terre (Guadeloupe) depuis {request.zone.label} : une partie "
            f"demeurant à Saint-Barthélemy ou à Saint-Martin peut bénéficier d'un mois supplémentaire ({article} ; "
            "Cass. 2e civ., 11 avr. 2019, n° 18-11.268). Échéance calculée sans cette augmentation."
        )
    if request.zone.has_local_labour_code:
        warnings.append(f"{request.zone.label} : jours fériés du droit local, non vérifiés contre les textes locaux.")
    return warnings


def _basse_terre_applies(request: DeadlineRequest, rule: Rule, outcome: DistanceOutcome) -> bool:
    """The Saint-Barthélemy / Saint-Martin month is in doubt only when no extension was applied."""
    if rule.filed_at != "cour_appel" or request.zone.code not in BASSE_TERRE_ZONES:
        return False
    residence = request.party_residence
    local = residence is None or (residence.zone is not None and residence.zone.code in BASSE_TERRE_ZONES)
    return local and outcome.extension.is_empty


def _prescription(request: DeadlineRequest, rule: Rule) -> DeadlineResult:
    cal = calendar_for(request)
    end, counted = count_forward(request.start, rule.delay)
    _check_year(end, "échéance")
    alert, stepped_over = _last_working_day(end, request)
    sentences = [start_sentence(rule.trigger, request.start), *counted]
    sentences.append(
        f"Prescription acquise à la fin du {fr_date(end, weekday=True)} : aucun report au jour ouvrable "
        "suivant (C. civ. art. 2229 ; art. 642 CPC inapplicable)."
    )
    if stepped_over:
        sentences.append(alert_before_sentence(alert, stepped_over))
    warnings = [
        *rule.notes,
        PRESCRIPTION_NOTE,
        "Les causes d'interruption et de suspension (C. civ. art. 2230 s.) ne sont pas prises en compte.",
    ]
    residence = request.party_residence
    if residence is not None and (residence.zone is None or not same_territory(cal.zone, residence.zone)):
        warnings.append("Le délai de distance ne s'applique pas à la prescription : résidence ignorée.")
    basis = (*rule.basis[:1], "C. civ. art. 2228-2229") if request.kind else ("C. civ. art. 2228-2229",)
    return DeadlineResult(
        request.start, end, end, alert, "prescription", "prescription : dernier jour accompli, sans report",
        basis, rule.delay, Delay(), request.zone, request.kind, _unique(warnings), tuple(sentences),
    )  # fmt: skip


def _last_working_day(day: dt.date, request: DeadlineRequest) -> tuple[dt.date, tuple[NonWorkingDay, ...]]:
    """The last working day on or before `day`, and the non-working days stepped over to reach it."""
    cal = calendar_for(request)
    alert = last_working_day_on_or_before(day, cal)
    stepped: list[NonWorkingDay] = []
    while day > alert:
        reason = cal.non_working(day)
        if reason is not None:
            stepped.append(reason)
        day -= dt.timedelta(days=1)
    return alert, tuple(stepped)


def _backward(request: DeadlineRequest, rule: Rule) -> DeadlineResult:
    event, delay = request.start, rule.delay
    trigger = request.trigger or rule.trigger if rule.administrative else request.trigger or "l'audience"
    last = add_months(event, -delay.total_months) - dt.timedelta(days=delay.total_days + 1)
    _check_year(last, "échéance")
    alert, stepped_over = _last_working_day(last, request)
    text = f" ({rule.basis[0].split(' (')[0]})" if rule.administrative else ""
    sentences = [
        f"Délai à rebours {delay.french_with_de()} avant {trigger} du {fr_date(event, weekday=True)}, "
        f"compté franc{text} : ni ce jour ni celui de l'acte ne comptent.",
        f"Dernier jour pour agir : {fr_date(last, weekday=True)} ; aucun report (un délai à rebours n'est pas prorogé)."
        if rule.administrative
        else f"Dernier jour pour agir : {fr_date(last, weekday=True)} ; aucun "
        "report (l'art. 642 CPC ne joue pas à rebours).",
    ]
    if stepped_over:
        sentences.append(alert_before_sentence(alert, stepped_over))
    warnings = list(rule.notes)
    if not rule.administrative:  # the CJA text itself says "jours francs": no case-law doubt to flag
        warnings.append(
            "Délai à rebours compté franc et sans report (Cass. 2e civ., 20 oct. 2005, n° 04-10.138 ; 4 févr. 1998, "
            "n° 96-13.391) ; jurisprudence non unanime (contra : Cass. 2e civ., 20 juin 1985, n° 84-11.713) : à "
            "vérifier."
        )
    basis = rule.basis[:1] if rule.administrative else ("jurisprudence (délai franc)",)
    return DeadlineResult(
        event, last, last, alert, "rebours", "délai à rebours franc, sans report", basis,
        delay, Delay(), request.zone, request.kind, _unique(warnings), tuple(sentences),
    )  # fmt: skip


def _reading_warning(label: str, day: dt.date) -> str:
    return f"{label} : échéance le {fr_date(day, weekday=True)}."


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
