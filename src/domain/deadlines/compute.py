"""The computation: art. 640–642 CPC forward, with distance (643–644, 647), and the explicit special regimes:
prescription (no extension), *délais à rebours* (counted *franc*, no extension) and special texts where the day of
the decision counts. Pure: dates in, dates and French sentences out."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass, field

from domain.deadlines import explain
from domain.deadlines.calendar import NonWorkingDay, SaintMartinChoice, WorkingCalendar
from domain.deadlines.catalogue import APPEAL_REFORM, CatalogueEntry, Distance, Mode, RuleVersion, find_entry
from domain.deadlines.delay import Delay
from domain.deadlines.distance import distance_extension
from domain.deadlines.errors import DeadlineInputError
from domain.deadlines.zones import Residence, Zone, parse_zone

MIN_YEAR, MAX_YEAR = 1976, 2199
_MAX_EXTENSION_DAYS = 400


@dataclass(frozen=True)
class DeadlineRequest:
    start: dt.date
    delay: Delay | None = None
    kind: str | None = None
    zone: Zone = field(default_factory=lambda: parse_zone(None))
    party_residence: Residence | None = None
    served_in_person_at: Residence | None = None
    mode: Mode | None = None
    court_good_friday: bool = True
    saint_martin: SaintMartinChoice = "27"
    closures: frozenset[dt.date] = frozenset()
    filed_on: dt.date | None = None
    trigger: str | None = None


@dataclass(frozen=True)
class DeadlineResult:
    start_date: dt.date
    due_date: dt.date
    theoretical_date: dt.date
    alert_date: dt.date
    mode: Mode
    rule: str
    legal_basis: tuple[str, ...]
    delay: Delay
    distance: Delay
    zone: Zone
    kind: str | None
    warnings: tuple[str, ...]
    explanation: tuple[str, ...]
    skipped_days: tuple[NonWorkingDay, ...] = ()

    @property
    def extended(self) -> bool:
        return self.due_date != self.theoretical_date

    def as_dict(self) -> dict[str, object]:
        return {
            "due_date": self.due_date.isoformat(),
            "theoretical_date": self.theoretical_date.isoformat(),
            "alert_date": self.alert_date.isoformat(),
            "start_date": self.start_date.isoformat(),
            "mode": self.mode,
            "rule": self.rule,
            "legal_basis": list(self.legal_basis),
            "kind": self.kind,
            "delay": self.delay.french(),
            "distance": self.distance.french() if not self.distance.is_empty else None,
            "zone": self.zone.code,
            "court_timezone": self.zone.timezone,
            "extended": self.extended,
            "skipped_days": [
                {"date": d.day.isoformat(), "reason": d.kind, "name": d.name, "basis": d.basis}
                for d in self.skipped_days
            ],
            "warnings": list(self.warnings),
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True)
class _Rule:
    delay: Delay
    mode: Mode
    trigger: str
    basis: tuple[str, ...]
    distance: Distance | None
    notes: tuple[str, ...]
    other_version: RuleVersion | None = None  # the other appeal regime, when the filing date is unknown


def add_months(day: dt.date, months: int) -> dt.date:
    """Art. 641 al. 2: the same quantième `months` later (or earlier), else the last day of that month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = stdlib_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def count_forward(start: dt.date, delay: Delay, *, day_counts: bool = False) -> tuple[dt.date, list[str]]:
    """Art. 641: months (and years) first from the quantième, then days; the start day is not counted."""
    sentences: list[str] = []
    end = start
    if delay.total_months:
        end = add_months(start, delay.total_months)
        sentences.append(explain.months_sentence(delay, end, start.day))
    if delay.total_days:
        end = end + dt.timedelta(days=delay.total_days - (1 if day_counts else 0))
        sentences.append(explain.days_sentence(delay, end, after_months=bool(delay.total_months), counted=day_counts))
    return end, sentences


def extend(theoretical: dt.date, cal: WorkingCalendar) -> tuple[dt.date, tuple[NonWorkingDay, ...]]:
    """Art. 642 al. 2: move to the next working day, as many times as needed."""
    skipped: list[NonWorkingDay] = []
    day = theoretical
    while (reason := cal.non_working(day)) is not None:
        skipped.append(reason)
        day += dt.timedelta(days=1)
        if len(skipped) > _MAX_EXTENSION_DAYS:
            raise DeadlineInputError("Aucun jour ouvrable trouvé : vérifiez les jours de fermeture fournis.")
    return day, tuple(skipped)


def last_working_day_on_or_before(day: dt.date, cal: WorkingCalendar) -> dt.date:
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def compute_deadline(request: DeadlineRequest) -> DeadlineResult:
    """The deadline for `request`; raises DeadlineInputError (French message) on unusable input."""
    _check_year(request.start, "point de départ")
    rule = _resolve(request)
    if rule.mode == "prescription":
        return _prescription(request, rule)
    if rule.mode == "rebours":
        return _backward(request, rule)
    return _forward(request, rule)


def _check_year(day: dt.date, what: str) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DeadlineInputError(
            f"Date hors du champ ({what} : {day.isoformat()}) : le moteur couvre les années {MIN_YEAR} à {MAX_YEAR} "
            "(CPC en vigueur depuis le 1er janvier 1976)."
        )


def _resolve(request: DeadlineRequest) -> _Rule:
    entry = find_entry(request.kind) if request.kind else None
    if entry is None:
        if request.delay is None:
            raise DeadlineInputError("Indiquez un délai (--delay) ou un type de délai du catalogue (--kind).")
        mode = request.mode or "procedure"
        trigger = request.trigger or "acte ou événement déclencheur"
        return _Rule(request.delay, mode, trigger, ("CPC art. 640-642",), None, ())
    return _resolve_entry(request, entry)


def _resolve_entry(request: DeadlineRequest, entry: CatalogueEntry) -> _Rule:
    key = request.filed_on or request.start
    version = entry.version_for(key)
    other: RuleVersion | None = None
    notes = list(entry.notes)
    if entry.keyed_on_filing_date and request.filed_on is None and request.start >= APPEAL_REFORM:
        other = entry.version_for(APPEAL_REFORM - dt.timedelta(days=1))
        other = None if other == version else other
        notes.append(
            "Date de la déclaration d'appel non fournie (--filed-on) : régime postérieur au 1er septembre 2024 "
            "retenu (décret n° 2023-1391)."
        )
    if version is None:
        hint = " Précisez la date de la déclaration d'appel (--filed-on)." if entry.keyed_on_filing_date else ""
        raise DeadlineInputError(
            f"Aucune version de la règle « {entry.kind} » ne s'applique au {explain.fr_date(key)} : "
            f"voir {', '.join(entry.sources)}.{hint}"
        )
    delay = request.delay or version.delay
    if request.delay is not None and request.delay != version.delay:
        notes.append(f"Délai saisi ({delay.french()}) différent du catalogue ({version.delay.french()}).")
    trigger = request.trigger or entry.trigger
    basis = (f"{version.basis} ({version.text_version})", "CPC art. 640-642")
    return _Rule(delay, request.mode or entry.mode, trigger, basis, entry.distance, tuple(notes), other)


def _calendar(
    request: DeadlineRequest, *, good_friday: bool | None = None, saint_martin: SaintMartinChoice | None = None
) -> WorkingCalendar:
    return WorkingCalendar(
        request.zone,
        request.court_good_friday if good_friday is None else good_friday,
        request.saint_martin if saint_martin is None else saint_martin,
        request.closures,
    )


def _forward(request: DeadlineRequest, rule: _Rule) -> DeadlineResult:
    day_counts = rule.mode == "jour_compte"
    outcome = distance_extension(request.zone, request.party_residence, request.served_in_person_at, rule.distance)
    cal = _calendar(request)
    theoretical, counted = count_forward(request.start, rule.delay.plus(outcome.extension), day_counts=day_counts)
    _check_year(theoretical, "échéance")
    due, skipped = extend(theoretical, cal)
    sentences = [explain.start_sentence(rule.trigger, request.start, counted=day_counts), *outcome.sentences]
    sentences += [*counted, *explain.extension_sentences(skipped), explain.due_sentence(due, extended=bool(skipped))]
    warnings = [*rule.notes, *outcome.warnings, *_forward_warnings(request, rule, skipped)]
    alert = due
    for label, other_due in _alternatives(request, rule, outcome.extension, theoretical):
        if other_due != due:
            warnings.append(f"{label} : échéance le {explain.fr_date(other_due, weekday=True)}.")
            alert = min(alert, other_due)
    if alert < due:
        sentences.append(f"Alerte recommandée : {explain.fr_date(alert, weekday=True)} (lecture la plus prudente).")
    basis = rule.basis + ((outcome.basis,) if outcome.basis else ())
    return DeadlineResult(
        request.start, due, theoretical, alert, rule.mode,
        "texte spécial : jour de la décision compté, puis art. 642 CPC" if day_counts else "art. 640-642 CPC",
        basis, rule.delay, outcome.extension, request.zone, request.kind,
        _unique(warnings), tuple(sentences), skipped,
    )  # fmt: skip


def _forward_warnings(request: DeadlineRequest, rule: _Rule, skipped: tuple[NonWorkingDay, ...]) -> list[str]:
    warnings: list[str] = []
    if rule.delay.weeks:
        warnings.append(
            "Délai en semaines : non prévu par l'art. 641 CPC ; compté comme 7 jours par semaine puis art. 642 "
            "(à vérifier)."
        )
    if rule.mode == "jour_compte":
        warnings.append("Texte spécial : le jour de la décision compte (dérogation à l'art. 641 al. 1 CPC).")
    if any(d.kind == "chômé" for d in skipped):
        warnings.append(
            "Report dû à un jour de fermeture déclaré : seul un texte légal ou réglementaire rend un jour chômé "
            "(Cass. 2e civ., 16 juill. 1976, n° 75-12.260) : vérifier la base de cette fermeture."
        )
    if request.zone.has_local_labour_code:
        warnings.append(f"{request.zone.label} : jours fériés du droit local, non vérifiés contre les textes locaux.")
    return warnings


def _alternatives(
    request: DeadlineRequest, rule: _Rule, extension: Delay, theoretical: dt.date
) -> list[tuple[str, dt.date]]:
    """Other defensible readings; the earliest of them becomes the recommended alert date."""
    cal = _calendar(request)
    found: list[tuple[str, dt.date]] = []
    day_counts = rule.mode == "jour_compte"
    if not extension.is_empty:
        intermediate, _ = count_forward(request.start, rule.delay, day_counts=day_counts)
        label = "Lecture pas à pas (délai, puis distance à partir de sa fin ; non retenue, art. 641 al. 2)"
        found.append((label, extend(add_months(intermediate, extension.total_months), cal)[0]))
    if request.zone.is_alsace_moselle and request.court_good_friday:
        label = "Si le Vendredi saint n'est pas férié dans la commune du siège (C. trav. L3134-13)"
        found.append((label, extend(theoretical, _calendar(request, good_friday=False))[0]))
    if request.zone.code == "MF":
        found += _saint_martin_variants(request, theoretical)
    if rule.other_version is not None:
        total = rule.other_version.delay.plus(extension)
        other_theoretical, _ = count_forward(request.start, total, day_counts=day_counts)
        label = f"Si l'appel a été formé avant le 1er septembre 2024 ({rule.other_version.basis})"
        found.append((label, extend(other_theoretical, cal)[0]))
    return found


_SAINT_MARTIN_VARIANTS: tuple[tuple[SaintMartinChoice, str], ...] = (
    ("27", "Saint-Martin, variante du texte de L3422-2 (27 mai)"),
    ("28", "Saint-Martin, variante de l'usage depuis 2019 (28 mai)"),
    ("both", "Saint-Martin, 27 et 28 mai fériés"),
)


def _saint_martin_variants(request: DeadlineRequest, theoretical: dt.date) -> list[tuple[str, dt.date]]:
    return [
        (label, extend(theoretical, _calendar(request, saint_martin=choice))[0])
        for choice, label in _SAINT_MARTIN_VARIANTS
        if choice != request.saint_martin
    ]


def _prescription(request: DeadlineRequest, rule: _Rule) -> DeadlineResult:
    cal = _calendar(request)
    end, counted = count_forward(request.start, rule.delay)
    _check_year(end, "échéance")
    alert = last_working_day_on_or_before(end, cal)
    sentences = [explain.start_sentence(rule.trigger, request.start), *counted]
    sentences.append(
        f"Prescription acquise à la fin du {explain.fr_date(end, weekday=True)} : aucun report au jour ouvrable "
        "suivant (C. civ. art. 2229 ; art. 642 CPC inapplicable)."
    )
    if alert != end:
        sentences.append(f"Alerte recommandée : {explain.fr_date(alert, weekday=True)}, dernier jour ouvrable.")
    warnings = [
        *rule.notes,
        "Prescription : pas de report au jour ouvrable suivant (Cass. 2e civ., 7 avr. 2016, n° 15-12.960).",
        "Les causes d'interruption et de suspension (C. civ. art. 2230 s.) ne sont pas prises en compte.",
    ]
    if request.party_residence is not None:
        warnings.append("Le délai de distance ne s'applique pas à la prescription : résidence ignorée.")
    basis = (*rule.basis[:1], "C. civ. art. 2228-2229") if request.kind else ("C. civ. art. 2228-2229",)
    return DeadlineResult(
        request.start, end, end, alert, "prescription", "prescription : dernier jour accompli, sans report",
        basis, rule.delay, Delay(), request.zone, request.kind, _unique(warnings), tuple(sentences),
    )  # fmt: skip


def _backward(request: DeadlineRequest, rule: _Rule) -> DeadlineResult:
    cal = _calendar(request)
    event, delay = request.start, rule.delay
    trigger = request.trigger or "l'audience"
    last = add_months(event, -delay.total_months) - dt.timedelta(days=delay.total_days + 1)
    _check_year(last, "échéance")
    alert = last_working_day_on_or_before(last, cal)
    sentences = [
        f"Délai à rebours {delay.french_with_de()} avant {trigger} du {explain.fr_date(event, weekday=True)}, "
        "compté franc : ni ce jour ni celui de l'acte ne comptent.",
        f"Dernier jour pour agir : {explain.fr_date(last, weekday=True)} ; aucun report (l'art. 642 CPC ne joue "
        "pas à rebours).",
    ]
    day = last
    while day > alert:
        reason = cal.non_working(day)
        if reason is not None:
            name = f" ({reason.name})" if reason.name else ""
            sentences.append(f"Le {explain.fr_date(day)} {explain.non_working_reason(reason)}{name}.")
        day -= dt.timedelta(days=1)
    if alert != last:
        sentences.append(f"Alerte recommandée : {explain.fr_date(alert, weekday=True)}, dernier jour ouvrable.")
    warnings = [
        *rule.notes,
        "Délai à rebours compté franc et sans report (Cass. 2e civ., 20 oct. 2005, n° 04-10.138 ; 4 févr. 1998, "
        "n° 96-13.391) ; jurisprudence non unanime (contra : Cass. 2e civ., 20 juin 1985, n° 84-11.713) : à vérifier.",
    ]
    return DeadlineResult(
        event, last, last, alert, "rebours", "délai à rebours franc, sans report", ("jurisprudence (délai franc)",),
        delay, Delay(), request.zone, request.kind, _unique(warnings), tuple(sentences),
    )  # fmt: skip


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
