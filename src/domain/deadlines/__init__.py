"""The French procedural deadline engine (CPC art. 640–647): pure, explained, versioned by date."""

from domain.deadlines.calendar import WorkingCalendar, library_overrides, zone_holidays
from domain.deadlines.catalogue import CatalogueEntry, catalogue, catalogue_as_dicts, find_entry
from domain.deadlines.compute import compute_deadline
from domain.deadlines.delay import Delay, parse_delay
from domain.deadlines.errors import DeadlineInputError
from domain.deadlines.model import DeadlineRequest, DeadlineResult
from domain.deadlines.version import ENGINE_VERSION
from domain.deadlines.zones import Residence, Zone, parse_residence, parse_zone

__all__ = [
    "ENGINE_VERSION",
    "CatalogueEntry",
    "DeadlineInputError",
    "DeadlineRequest",
    "DeadlineResult",
    "Delay",
    "Residence",
    "WorkingCalendar",
    "Zone",
    "catalogue",
    "catalogue_as_dicts",
    "compute_deadline",
    "find_entry",
    "library_overrides",
    "parse_delay",
    "parse_residence",
    "parse_zone",
    "zone_holidays",
]
