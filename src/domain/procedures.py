"""Procedure chains (agenda des procédures): a procedure modelled once as dependent steps, applied to a dossier in
one click (docs/echeances.md, "Procedure chains").

Each step runs from an earlier step's due date or from an outside event (an anchor: the judgment's signification,
the hearing, the appeal's filing…) entered when it is known. The shipped chains cite, step by step, the article that
carries each delay (a test checks it); the delays themselves are the engine's catalogue entries, which carry their
versions (the 2024 appeal reform, décret n° 2023-1391, is keyed on the appeal's filing date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from domain.clients import clean_text
from domain.deadlines import DeadlineInputError, find_entry, parse_delay
from domain.errors import InvalidInput

MAX_STEPS = 30
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
FILED_ON_EVENT = "declaration_appel"  # its date decides which version of an appeal-procedure rule applies


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    after: str  # an earlier step's key, or an event's name
    kind: str | None = None
    delay: str | None = None
    backward: bool = False
    basis: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "kind": self.kind, "delay": self.delay, "after": self.after,
                "backward": self.backward, "basis": list(self.basis)}  # fmt: skip


@dataclass(frozen=True)
class Procedure:
    id: str
    name: str
    description: str
    steps: tuple[Step, ...]
    builtin: bool = False
    based_on: str | None = None
    # The appeal's filing date assumed while the declaration's date is unknown: a chain for appeals filed before
    # (or from) 1 September 2024 follows that regime.
    filed_on_default: str | None = None
    version: int = 1

    @property
    def events(self) -> tuple[str, ...]:
        keys = {step.key for step in self.steps}
        return tuple(dict.fromkeys(step.after for step in self.steps if step.after not in keys))

    def step(self, key: str) -> Step:
        return next(step for step in self.steps if step.key == key)


def step_of(data: dict[str, Any]) -> Step:
    return Step(str(data["key"]), str(data["title"]), str(data["after"]), data.get("kind"), data.get("delay"),
                bool(data.get("backward", False)), tuple(str(b) for b in data.get("basis", ())))  # fmt: skip


def valid_steps(steps: list[Step]) -> tuple[Step, ...]:
    """Keys unique; each step a catalogue entry or a readable delay (not both); `after` an earlier step or an event
    name (lower case, `_`). A 422 names the step at fault (`steps.2.after`)."""
    if not 1 <= len(steps) <= MAX_STEPS:
        raise InvalidInput(f"Une chaîne compte de 1 à {MAX_STEPS} étapes.", field="steps")
    seen: set[str] = set()
    checked = []
    for index, step in enumerate(steps):
        checked.append(_valid_step(step, f"steps.{index}", seen))
        seen.add(step.key)
    return tuple(checked)


def _valid_step(step: Step, field: str, earlier: set[str]) -> Step:
    if not _NAME.match(step.key) or step.key in earlier:
        raise InvalidInput("Clé d'étape attendue : minuscules et « _ », unique dans la chaîne.", field=f"{field}.key")
    if not _NAME.match(step.after) or step.after == step.key:
        raise InvalidInput("« after » nomme une étape précédente ou un événement (minuscules et « _ »).",
                           field=f"{field}.after")  # fmt: skip
    if (step.kind is None) == (step.delay is None):
        raise InvalidInput("Indiquez soit un type de délai du catalogue, soit un délai.", field=f"{field}.kind")
    try:
        known = find_entry(step.kind) if step.kind is not None else parse_delay(step.delay or "")
    except DeadlineInputError as error:
        raise InvalidInput(error.message, field=f"{field}.{'kind' if step.kind else 'delay'}") from None
    if known is None:
        raise InvalidInput(f"Type de délai inconnu : « {step.kind} ».", field=f"{field}.kind")
    basis = tuple(clean_text(b, f"{field}.basis", 200) for b in step.basis if b.strip())
    return Step(step.key, clean_text(step.title, f"{field}.title", 200) or step.key, step.after, step.kind,
                step.delay, step.backward, basis)  # fmt: skip


def valid_name(name: str) -> str:
    cleaned = clean_text(name, "name", 200)
    if not cleaned:
        raise InvalidInput("Indiquez le nom de la chaîne.", field="name")
    return cleaned


# How the shipped chains' events read in French (a cabinet's own events read as their name, `_` as spaces).
EVENT_LABELS = {
    "signification_jugement": "signification du jugement",
    "signification_ordonnance": "signification de l'ordonnance",
    "declaration_appel": "déclaration d'appel",
    "avis_greffe": "avis du greffe à l'appelant (intimé non constitué)",
    "avis_fixation": "avis de fixation",
    "conclusions_appelant_notifiees": "notification des conclusions de l'appelant",
    "assignation": "assignation",
    "audience": "audience",
}


def event_label(event: str) -> str:
    return EVENT_LABELS.get(event, event.replace("_", " "))


def is_event_of_hearing(event: str) -> bool:
    """An anchor that is a hearing's date follows the hearing when it is moved (renvoi)."""
    return event.startswith("audience")


def _s(key: str, title: str, after: str, *basis: str, kind: str | None = None, delay: str | None = None,
       backward: bool = False) -> Step:  # fmt: skip
    return Step(key, title, after, kind, delay, backward, basis)


_APPEAL = _s("delai_appel", "Interjeter appel du jugement", "signification_jugement", "CPC art. 538", "CPC art. 528",
             kind="appel")  # fmt: skip
_CADUCITE_902 = "CPC art. 902"


def _mise_en_etat(reform: bool) -> tuple[Step, ...]:
    return (
        _APPEAL,
        _s("signification_declaration", "Signifier la déclaration d'appel à l'intimé non constitué", "avis_greffe",
           _CADUCITE_902, delay="1 mois"),
        _s("conclusions_appelant", "Conclusions de l'appelant", "declaration_appel", "CPC art. 908",
           kind="conclusions_appelant_mise_en_etat"),
        _s("signification_conclusions", "Signifier les conclusions à l'intimé non constitué", "declaration_appel",
           "CPC art. 908", "CPC art. 911", "Cass. 2e civ., 25 mars 2021, n° 19-20.636", delay="4 mois"),
        _s("conclusions_intime", "Conclusions de l'intimé (et appel incident)", "conclusions_appelant_notifiees",
           "CPC art. 909", kind="conclusions_intime_mise_en_etat"),
    )  # fmt: skip


def _bref_delai(reform: bool, first: Step) -> tuple[Step, ...]:
    signification, conclusions = ("CPC art. 906-1", "CPC art. 906-2") if reform else (
        "CPC art. 905-1 (ancien)", "CPC art. 905-2 (ancien)")  # fmt: skip
    return (
        first,
        _s("signification_declaration", "Signifier la déclaration d'appel", "avis_fixation", signification,
           kind="signification_declaration_appel"),
        _s("conclusions_appelant", "Conclusions de l'appelant", "avis_fixation", conclusions,
           kind="conclusions_appelant_bref_delai"),
        _s("conclusions_intime", "Conclusions de l'intimé", "conclusions_appelant_notifiees", conclusions,
           kind="conclusions_intime_bref_delai"),
    )  # fmt: skip


_REFERE_APPEAL = _s("delai_appel", "Interjeter appel de l'ordonnance de référé", "signification_ordonnance",
                    "CPC art. 490", kind="appel_refere")  # fmt: skip
_BEFORE, _AFTER = "2024-08-31", "2024-09-01"

SHIPPED: tuple[Procedure, ...] = (
    Procedure("appel_mise_en_etat_avant_2024", "Appel avec mise en état (appels formés avant le 1er septembre 2024)",
              "Délais Magendie : art. 902, 908, 909, 911 CPC dans leur rédaction antérieure au décret n° 2023-1391.",
              _mise_en_etat(False), True, filed_on_default=_BEFORE),
    Procedure("appel_mise_en_etat_2024", "Appel avec mise en état (appels formés depuis le 1er septembre 2024)",
              "Décret n° 2023-1391 du 29 décembre 2023 : art. 902, 908, 909, 911 CPC.",
              _mise_en_etat(True), True, filed_on_default=_AFTER),
    Procedure("appel_bref_delai_avant_2024", "Appel à bref délai (appels formés avant le 1er septembre 2024)",
              "Art. 905-1 et 905-2 CPC (anciens) : 10 jours pour signifier, 1 mois pour conclure.",
              _bref_delai(False, _APPEAL), True, filed_on_default=_BEFORE),
    Procedure("appel_bref_delai_2024", "Appel à bref délai (appels formés depuis le 1er septembre 2024)",
              "Décret n° 2023-1391 : art. 906-1 et 906-2 CPC, 20 jours pour signifier, 2 mois pour conclure.",
              _bref_delai(True, _APPEAL), True, filed_on_default=_AFTER),
    Procedure("refere", "Référé et appel de l'ordonnance",
              "Appel dans les 15 jours de la signification (art. 490 CPC), puis procédure à bref délai (art. 906-1 "
              "et 906-2 CPC, décret n° 2023-1391).",
              _bref_delai(True, _REFERE_APPEAL), True, filed_on_default=_AFTER),
    Procedure("fond_tribunal_judiciaire", "Procédure au fond devant le tribunal judiciaire",
              "Assignation avec date d'audience : constitution du défendeur (art. 755), remise de l'assignation au "
              "greffe (art. 754), puis délai d'appel du jugement (art. 538).",
              (_s("constitution_defendeur", "Constitution d'avocat du défendeur", "assignation", "CPC art. 755",
                  delay="15 jours"),
               _s("remise_assignation", "Remettre l'assignation au greffe", "audience", "CPC art. 754",
                  delay="15 jours", backward=True),
               _APPEAL), True),
)  # fmt: skip


def shipped(procedure_id: str) -> Procedure | None:
    return next((p for p in SHIPPED if p.id == procedure_id), None)
