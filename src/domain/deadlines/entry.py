"""A catalogue entry and its dated rule versions: the data shape the catalogue modules share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from domain.deadlines.delay import Delay

# "franc": the administrative courts' délais francs (neither the first nor the last day counts).
Mode = Literal["procedure", "prescription", "rebours", "jour_compte", "franc"]
# Which text extends the delay for distance: CPC 643-644, 643 from Paris (pourvoi), CPC 911-2 (appeal procedure),
# CJA R421-7 (R811-5 for appeals), C. com. R622-24 (déclaration de créances).
Distance = Literal["none", "art-643-644", "pourvoi", "procedure-appel", "cja", "cja-appel", "declaration-creances"]
Court = Literal["judiciaire", "administrative"]
# Where the act is done: the court given by --zone, a cour d'appel, or the Cour de cassation (Paris, whatever --zone
# says).
FiledAt = Literal["juridiction", "cour_appel", "cour_cassation"]


@dataclass(frozen=True)
class RuleVersion:
    delay: Delay
    basis: str
    text_version: str
    applies_from: dt.date | None = None  # by filing date for appeal-procedure rules, else by start date
    applies_until: dt.date | None = None  # exclusive

    def applies_to(self, day: dt.date) -> bool:
        after_start = self.applies_from is None or day >= self.applies_from
        return after_start and (self.applies_until is None or day < self.applies_until)


@dataclass(frozen=True)
class CatalogueEntry:
    kind: str
    label: str
    trigger: str
    versions: tuple[RuleVersion, ...]
    sources: tuple[str, ...]
    mode: Mode = "procedure"
    distance: Distance = "none"
    keyed_on_filing_date: bool = False
    notes: tuple[str, ...] = ()
    filed_at: FiledAt = "juridiction"
    court: Court = "judiciaire"
    # The art. 642 report is not established for this delay: the alert also reads it without report.
    report_doubtful: bool = False

    def version_for(self, day: dt.date) -> RuleVersion | None:
        return next((v for v in self.versions if v.applies_to(day)), None)
