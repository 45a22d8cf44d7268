"""Places: the court seat's zone (which holiday calendar applies) and the party's residence (délais de distance).

Zones follow the labour-code texts that define holidays: metropolitan France (C. trav. L3133-1), Alsace-Moselle
(57, 67, 68 only: L3134-13), each overseas département and the collectivities of L3422-2, and the Pacific
collectivities whose holidays come from their own local law.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.deadlines.errors import DeadlineInputError

METROPOLE = "metropole"
ALSACE_MOSELLE = "alsace-moselle"


@dataclass(frozen=True)
class Zone:
    """A holiday calendar zone. `code` is canonical: metropole, alsace-moselle, 971…976, BL, MF, PM, WF, PF, NC, TF."""

    code: str
    label: str
    library_subdivision: str | None
    department: str | None = None

    @property
    def timezone(self) -> str:
        """IANA zone of the court seat: the deadline ends at 24:00 local time there (art. 642 al. 1)."""
        return _TIMEZONES.get(self.code, "Europe/Paris")

    @property
    def where(self) -> str:
        """The label with its French preposition: "en Guadeloupe", "à La Réunion"."""
        if self.label.startswith(("La ", "Saint", "Mayotte", "Wallis")):
            return f"à {self.label}"
        if self.label.startswith("Terres"):
            return f"dans les {self.label}"
        return f"en {self.label}"

    @property
    def is_overseas(self) -> bool:
        return self.code not in (METROPOLE, ALSACE_MOSELLE)

    @property
    def is_alsace_moselle(self) -> bool:
        return self.code == ALSACE_MOSELLE

    @property
    def has_local_labour_code(self) -> bool:
        """New Caledonia, French Polynesia and Wallis-et-Futuna have their own labour law (no L3133-1)."""
        return self.code in ("NC", "PF", "WF")


_OVERSEAS: dict[str, tuple[str, str]] = {
    # canonical code: (French label, `holidays` subdivision)
    "971": ("Guadeloupe", "971"),
    "972": ("Martinique", "972"),
    "973": ("Guyane", "973"),
    "974": ("La Réunion", "974"),
    "976": ("Mayotte", "976"),
    "BL": ("Saint-Barthélemy", "BL"),
    "MF": ("Saint-Martin", "MF"),
    "PM": ("Saint-Pierre-et-Miquelon", "PM"),
    "WF": ("Wallis-et-Futuna", "WF"),
    "PF": ("Polynésie française", "PF"),
    "NC": ("Nouvelle-Calédonie", "NC"),
    "TF": ("Terres australes et antarctiques françaises", "TF"),
}

_TIMEZONES: dict[str, str] = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "976": "Indian/Mayotte",
    "BL": "America/St_Barthelemy",
    "MF": "America/Marigot",
    "PM": "America/Miquelon",
    "WF": "Pacific/Wallis",
    "PF": "Pacific/Tahiti",
    "NC": "Pacific/Noumea",
    "TF": "Indian/Kerguelen",
}

# Numeric COG codes of the collectivities, accepted as aliases.
_ALIASES: dict[str, str] = {
    "975": "PM",
    "977": "BL",
    "978": "MF",
    "984": "TF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
    "GP": "971",
    "MQ": "972",
    "GF": "973",
    "GY": "973",
    "RE": "974",
    "YT": "976",
    "SPM": "PM",
    "TAAF": "TF",
}

_ALSACE_MOSELLE_DEPARTMENTS = ("57", "67", "68")
# The sentinel FOREIGN zone is only ever a residence, never a court seat.
_METROPOLE_WORDS = ("", "metropole", "métropole", "france", "fr")
_ABROAD_WORDS = ("etranger", "étranger", "abroad")


def _is_metropolitan_department(code: str) -> bool:
    if code in ("2A", "2B"):
        return True
    return code.isdigit() and len(code) == 2 and 1 <= int(code) <= 95 and code != "20"


def parse_zone(raw: str | None) -> Zone:
    """The court seat's zone from a département code (75, 57, 971…), a collectivity code, or `metropole`."""
    code = (raw or "").strip().upper()
    if code.lower() in _METROPOLE_WORDS:
        return Zone(METROPOLE, "France métropolitaine", None)
    if len(code) == 1 and code.isdigit():
        code = "0" + code
    code = _ALIASES.get(code, code)
    if code in _ALSACE_MOSELLE_DEPARTMENTS:
        subdivision = "57" if code == "57" else "6AE"
        return Zone(ALSACE_MOSELLE, "Alsace-Moselle", subdivision, department=code)
    if code in _OVERSEAS:
        label, subdivision = _OVERSEAS[code]
        return Zone(code, label, subdivision, department=code)
    if _is_metropolitan_department(code):
        return Zone(METROPOLE, "France métropolitaine", None, department=code)
    raise DeadlineInputError(
        f"Zone inconnue : « {raw} ». Indiquez un code de département (75, 57, 971…), "
        "une collectivité d'outre-mer (975, 977, 978, 986, 987, 988, BL, MF, PM, WF, PF, NC) ou « metropole ».",
        field="zone",
    )


@dataclass(frozen=True)
class Residence:
    """Where a party lives, for délais de distance: a zone, or abroad (`zone is None`)."""

    zone: Zone | None

    @property
    def abroad(self) -> bool:
        return self.zone is None

    @property
    def label(self) -> str:
        return "à l'étranger" if self.zone is None else self.zone.where


def parse_residence(raw: str | None) -> Residence | None:
    """`metropole`, a département/collectivity code, or `etranger`; None when not given."""
    if raw is None:
        return None
    if raw.strip().lower() in _ABROAD_WORDS:
        return Residence(None)
    try:
        return Residence(parse_zone(raw))
    except DeadlineInputError:
        raise DeadlineInputError(
            f"Résidence inconnue : « {raw} ». Indiquez « metropole », un code de département ou de "
            "collectivité (971, 988…), ou « etranger ».",
            field="party_residence",
        ) from None


def same_territory(a: Zone, b: Zone) -> bool:
    """Metropolitan France (Alsace-Moselle included) is one territory; each overseas collectivity is its own."""
    if not a.is_overseas and not b.is_overseas:
        return True
    return a.code == b.code
