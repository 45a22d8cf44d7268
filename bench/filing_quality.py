"""Filing precision and recall: labelled messages go through the whole intake (`services.ingest`, in process on the
local runtime) into a labelled cabinet, and each lands in a dossier or in "à classer"; the bench compares where.

Run from the repository root: `PYTHONPATH=src .venv/bin/python -m bench.filing_quality [-v]`.

Two labelled sets, each printed on its own:
- the reader's legal set, when it carries filing truth: `tests/fixtures/legal/cabinet.json` (the cabinet's dossiers)
  and a `"dossier"` label (a reference, or null for "à classer") per message in `labels.json`; until then, its
  messages with this bench's own cabinet and truth (`bench/filing_legal_cabinet.json`);
- this bench's own small cabinet (below): one message per clue and per trap (a reference quoted only in the history,
  a sender known in two dossiers, contradicting clues, nothing to go on).

Precision: of the messages filed, how many in the right dossier. Recall: of the messages that belong to a dossier,
how many were filed there. A message labelled null is right when it lands in "à classer".
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from d1.database import Statement
from domain.actors import Actor
from domain.dossiers import ReferenceKind, canonical_reference
from domain.search_text import compact_reference
from local.config import LocalConfig
from local.runtime import LocalRuntime, open_runtime
from services.cabinets import create_cabinet
from services.ingest import ingest
from services.scope import SystemScope

LEGAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "legal"
OWN_LEGAL_CABINET = Path(__file__).resolve().parent / "filing_legal_cabinet.json"
ADDRESS = "martin@poste.example"
NOW = "2026-03-02T08:00:00+00:00"

# The bench's own cabinet: each dossier with its court references, its clients' and other parties' addresses.
CABINET: dict[str, Any] = {"dossiers": [
    {"reference": "2026-0001", "court_references": [{"kind": "rg", "value": "24/01234"}],
     "clients": [{"name": "Claire Dupont", "emails": ["claire@dupont.fr"]}],
     "parties": [{"role": "conseil_adverse", "name": "Me Jean Conseil", "emails": ["jean@conseil-avocats.fr"]}]},
    {"reference": "2026-0002", "court_references": [{"kind": "portalis", "value": "DBX6-W-B7H-ABCDE"}],
     "clients": [{"name": "SCI Les Tilleuls", "emails": ["gerant@tilleuls.fr", "claire@dupont.fr"]}], "parties": []},
    {"reference": "2026-0003", "court_references": [{"kind": "administratif", "value": "2401234"}],
     "clients": [{"name": "Commune de Vaux", "emails": ["mairie@vaux.fr"]}], "parties": []},
    {"reference": "2026-0004", "court_references": [{"kind": "administratif", "value": "24PA01234"},
                                                      {"kind": "rg", "value": "F 25/00789"}],
     "clients": [], "parties": [{"role": "adverse", "name": "SAS Ouest", "emails": ["dg@ouest.fr"]}]},
]}  # fmt: skip


def _mail(n: int, subject: str, body: str, *, sender: str = "greffe@justice.fr", headers: str = "") -> bytes:
    return (f"From: {sender}\r\nTo: {ADDRESS}\r\nSubject: {subject}\r\nMessage-ID: <bench-{n}@x.fr>\r\n"
            f"Date: Mon, 2 Mar 2026 09:15:00 +0100\r\n{headers}Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}\r\n").encode()  # fmt: skip


QUOTED = "\r\n\r\nLe 1 mars 2026 à 10:00, Greffe <greffe@justice.fr> a écrit :\r\n> L'affaire RG n° 24/01234 est fixée."
# (message, the recipient's tag or "", the dossier it belongs to or None)
OWN_SET: list[tuple[str, bytes, str, str | None]] = [
    ("adresse du dossier", _mail(1, "Pièces", "Veuillez trouver nos pièces."), "2026-0003", "2026-0003"),
    ("RG dans l'objet", _mail(2, "Avis de fixation RG 24/01234", "Maître, veuillez noter la date."), "", "2026-0001"),
    ("RG dans le texte", _mail(3, "Avis", "L'affaire enrôlée sous le n° RG 24/01234 est renvoyée."), "", "2026-0001"),
    ("RG en autre forme", _mail(4, "Avis", "Affaire n° 24-01234 : audience maintenue."), "", "2026-0001"),
    ("Portalis", _mail(5, "Notification", "N° Portalis DBX6-W-B7H-ABCDE : jugement rendu."), "", "2026-0002"),
    ("numéro de TA", _mail(6, "Tribunal administratif", "Requête n° 2401234/3 : clôture d'instruction."), "",
     "2026-0003"),
    ("numéro de CAA", _mail(7, "CAA de Paris", "Affaire 24PA01234 : avis d'audience."), "", "2026-0004"),
    ("RG de CPH", _mail(8, "Convocation", "Affaire RG F 25/00789, bureau de jugement."), "", "2026-0004"),
    ("N/Réf du cabinet", _mail(9, "Votre dossier", "N/Réf : 2026-0002. Bien reçu.", sender="x@y.fr"), "", "2026-0002"),
    ("V/Réf du correspondant", _mail(10, "Courrier", "V/Réf : 2026-0001\r\nCher confrère,", sender="a@b.fr"), "",
     "2026-0001"),
    ("client connu", _mail(11, "Question", "Où en est mon affaire ?", sender="mairie@vaux.fr"), "", "2026-0003"),
    ("conseil adverse", _mail(12, "Conclusions", "Mes conclusions.", sender="jean@conseil-avocats.fr"), "",
     "2026-0001"),
    ("partie adverse", _mail(13, "Règlement", "Proposition amiable.", sender="dg@ouest.fr"), "", "2026-0004"),
    ("client de deux dossiers", _mail(14, "Bonjour", "Des nouvelles ?", sender="claire@dupont.fr"), "", None),
    ("référence seulement citée", _mail(15, "Re: Avis", "Merci." + QUOTED, sender="inconnu@z.fr"), "", None),
    ("rien", _mail(16, "Invitation", "Colloque le 12 mai.", sender="events@ordre.fr"), "", None),
    ("indices contradictoires", _mail(17, "RG 24/01234", "Portalis DBX6-W-B7H-ABCDE"), "", None),
    ("réponse dans le fil", _mail(18, "Re: Pièces", "Merci, bien reçu.", sender="autre@w.fr",
                                  headers="In-Reply-To: <bench-1@x.fr>\r\nReferences: <bench-1@x.fr>\r\n"), "",
     "2026-0003"),
    ("transfert avec référence en objet", _mail(19, "TR: Avis RG 24/01234", "Pour information.\r\n\r\n"
                                                "-------- Message transféré --------\r\nObjet : Avis"), "",
     "2026-0001"),
    ("adresse inconnue du dossier", _mail(20, "Pièces", "Ci-joint."), "2026-0099", None),
]  # fmt: skip


@dataclass
class Score:
    filed_right: int = 0
    filed_wrong: int = 0
    tray_right: int = 0  # labelled null, left "à classer"
    missed: int = 0  # belonged to a dossier, left "à classer" (or quarantined)
    lines: list[str] = field(default_factory=list)

    def add(self, name: str, truth: str | None, got: str | None, reason: str) -> None:
        if got is not None and got == truth:
            self.filed_right += 1
        elif got is not None:
            self.filed_wrong += 1
        elif truth is None:
            self.tray_right += 1
        else:
            self.missed += 1
        mark = "ok " if got == truth else "ERR"
        self.lines.append(f"  {mark} {name:<40} attendu {truth or 'à classer':<10} obtenu {got or 'à classer':<10} "
                          f"({reason})")  # fmt: skip

    def report(self, label: str, verbose: bool) -> None:
        filed = self.filed_right + self.filed_wrong
        belonging = self.filed_right + self.filed_wrong + self.missed
        precision = self.filed_right / filed if filed else 1.0
        recall = self.filed_right / belonging if belonging else 1.0
        total = filed + self.tray_right + self.missed
        print(f"{label}: {total} messages — filing precision {precision:.2f}, recall {recall:.2f} "
              f"(filed right {self.filed_right}, filed wrong {self.filed_wrong}, left à classer rightly "
              f"{self.tray_right}, missed {self.missed})")  # fmt: skip
        for line in self.lines if verbose else [line for line in self.lines if "ERR" in line]:
            print(line)


async def cabinet_from(runtime: LocalRuntime, cabinet: dict[str, Any]) -> None:
    """The labelled cabinet's dossiers, clients, parties and court references, as their features store them."""
    operator = SystemScope(runtime.context, Actor("operator", "bench"), "bench")
    slug = cabinet.get("slug", "martin")
    created = await create_cabinet(operator, name=f"Cabinet {slug}", slug=slug, admin_email=f"a@{slug}.test",
                                   admin_password="un mot de passe de banc assez long")  # fmt: skip
    cabinet_id, writes = created.cabinet.id, []
    for number, dossier in enumerate(cabinet["dossiers"], start=1):
        writes += _dossier_rows(cabinet_id, f"d{number}", number, dossier)
    await runtime.context.db.batch(writes)


def _dossier_rows(cabinet_id: str, dossier_id: str, number: int, dossier: dict[str, Any]) -> list[Statement]:
    reference = str(dossier["reference"])
    rows = [Statement(
        "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
        " opened_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', 'ouvert', 'cabinet', '2026-01-02', ?, ?)",
        (dossier_id, cabinet_id, reference, int(reference[:4]), number, reference, NOW, NOW))]  # fmt: skip
    for index, court in enumerate(dossier.get("court_references", [])):
        rows.append(Statement(
            "INSERT INTO court_references (id, cabinet_id, dossier_id, kind, value, compact, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (f"{dossier_id}r{index}", cabinet_id, dossier_id, court["kind"],
                                              court["value"], compact_reference(court["value"]), NOW)))  # fmt: skip
    for index, client in enumerate(dossier.get("clients", [])):
        client_id = f"{dossier_id}c{index}"
        rows += [
            Statement("INSERT INTO clients (id, cabinet_id, kind, display_name, sort_name, name_key, created_at,"
                      " updated_at) VALUES (?, ?, 'personne_physique', ?, ?, ?, ?, ?)",
                      (client_id, cabinet_id, client["name"], client["name"], client["name"].lower(), NOW, NOW)),
            Statement("INSERT INTO dossier_clients (cabinet_id, dossier_id, client_id) VALUES (?, ?, ?)",
                      (cabinet_id, dossier_id, client_id)),
            *(Statement("INSERT INTO client_emails (cabinet_id, client_id, email) VALUES (?, ?, ?)",
                        (cabinet_id, client_id, email.lower())) for email in client.get("emails", [])),
        ]  # fmt: skip
    for index, party in enumerate(dossier.get("parties", [])):
        party_id = f"{dossier_id}p{index}"
        rows += [
            Statement("INSERT INTO parties (id, cabinet_id, dossier_id, role, kind, name, name_key, created_at)"
                      " VALUES (?, ?, ?, ?, 'personne_physique', ?, ?, ?)",
                      (party_id, cabinet_id, dossier_id, party["role"], party["name"], party["name"].lower(), NOW)),
            *(Statement("INSERT INTO party_emails (cabinet_id, party_id, dossier_id, email) VALUES (?, ?, ?, ?)",
                        (cabinet_id, party_id, dossier_id, email.lower())) for email in party.get("emails", [])),
        ]  # fmt: skip
    return rows


async def score(folder: Path, cabinet: dict[str, Any], messages: list[tuple[str, bytes, str, str | None]]) -> Score:
    runtime = open_runtime(LocalConfig(data_dir=folder))
    result = Score()
    try:
        await cabinet_from(runtime, cabinet)
        slug = cabinet.get("slug", "martin")
        for name, raw, tag, truth in messages:
            to = f"{slug}+{tag}@poste.example" if tag else f"{slug}@poste.example"
            report = await ingest(runtime.context, raw, to, "bench@exemple.fr")
            result.add(name, truth, report.dossier.reference if report.dossier else None, report.reason)
    finally:
        runtime.close()
    return result


def own_legal_set() -> tuple[dict[str, Any], list[tuple[str, bytes, str, str | None]]]:
    """The legal set's current messages with this bench's own labelled cabinet (bench/filing_legal_cabinet.json)."""
    cabinet = json.loads(OWN_LEGAL_CABINET.read_text(encoding="utf-8"))
    messages = [(name, (LEGAL / name).read_bytes(), "", truth) for name, truth in sorted(cabinet["messages"].items())
                if (LEGAL / name).is_file()]  # fmt: skip
    return cabinet, messages


def legal_set() -> tuple[dict[str, Any], list[tuple[str, bytes, str, str | None]]] | None:
    """The reader's labelled set, once it carries filing truth (a cabinet and per-message `dossier` labels)."""
    cabinet_file, labels_file = LEGAL / "cabinet.json", LEGAL / "labels.json"
    if not cabinet_file.is_file() or not labels_file.is_file():
        return None
    cabinet = json.loads(cabinet_file.read_text(encoding="utf-8"))
    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    slug = str(cabinet.get("slug", "martin"))
    labelled = [(name, label) for name, label in sorted(labels.items()) if "dossier" in label]
    messages = []
    for name, label in labelled:
        if (LEGAL / name).is_file():
            raw = (LEGAL / name).read_bytes()
            messages.append((name, raw, address_tag_of(raw, slug), label["dossier"]))
    return (
        ({"slug": slug, "dossiers": [_reader_dossier(d) for d in cabinet["dossiers"]]}, messages) if messages else None
    )


def address_tag_of(raw: bytes, slug: str) -> str:
    """The `+reference` of the cabinet's address the message was sent to (its To or Cc), or ""."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
    for _name, address in getaddresses([str(v) for v in headers.get_all("to", []) + headers.get_all("cc", [])]):
        local, _, domain = address.lower().partition("@")
        if domain == "poste.example" and local.startswith(f"{slug}+"):
            return local.split("+", 1)[1]
    return ""


def _reader_dossier(dossier: dict[str, Any]) -> dict[str, Any]:
    """A dossier of the reader's cabinet.json (court references as « RG 24/01234 », « TA Paris n° 2601187/3-1 »;
    clients, adverse parties and counsel) in this bench's form."""
    parties = [{"role": "adverse", **party} for party in dossier.get("adverse_parties", [])]
    parties += [{"role": "conseil_adverse", **counsel} for counsel in dossier.get("adverse_counsel", [])]
    return {"reference": dossier["reference"], "clients": dossier.get("clients", []), "parties": parties,
            "court_references": [_reader_reference(text) for text in dossier.get("court_references", [])]}  # fmt: skip


def _reader_reference(text: str) -> dict[str, str]:
    word, _, rest = text.strip().partition(" ")
    if word in ("TA", "CAA"):
        number = re.search(r"\d{2}[A-Z]{2}\d{5}|\d{7}", rest)
        return {"kind": "administratif", "value": number.group(0) if number else rest}
    kind = {"RG": ReferenceKind.RG, "Portalis": ReferenceKind.PORTALIS}.get(word, ReferenceKind.POURVOI)
    return {"kind": kind.value, "value": canonical_reference(kind, rest)}


async def run(verbose: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="filing-bench-") as folder:
        legal = legal_set()
        if legal is None:
            print(f"legal set: no filing truth of its own yet ({LEGAL / 'cabinet.json'} and `dossier` labels absent)")
            mine = own_legal_set()
            label = "legal set's messages, bench's own cabinet and truth (bench/filing_legal_cabinet.json)"
            (await score(Path(folder) / "legal-own", *mine)).report(label, verbose)
        else:
            (await score(Path(folder) / "legal", *legal)).report("legal set (tests/fixtures/legal)", verbose)
        (await score(Path(folder) / "own", CABINET, OWN_SET)).report("bench's own cabinet", verbose)


def main() -> None:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    asyncio.run(run("-v" in sys.argv[1:]))


if __name__ == "__main__":
    main()
