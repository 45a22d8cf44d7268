"""The real-world corpus (`../shared/corpus/email/`, read in place) through the ingest service, in process on SQLite:
every message is taken in with zero crashes, ends filed, "à classer" or quarantined with a reason, and its raw bytes
come back identical to what was received. Skipped, with the reason shown, where the corpus is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.actors import SYSTEM
from services.ingest import ingest
from services.mail_filing import raw_mail
from services.scope import CabinetScope
from tests.api.seed import new_cabinet
from tests.fakes import local_testbed

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus" / "email"
NOT_MESSAGES = {".md", ".list"}  # the corpus's notes and the expected listings of the raw TNEF files
HANDLED = {"classé", "à classer", "en quarantaine"}


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() not in NOT_MESSAGES)


@pytest.mark.skipif(not corpus_files(), reason=f"corpus absent: {CORPUS} (../shared/corpus/email from the repo root)")
async def test_every_corpus_message_is_taken_in_and_kept_byte_for_byte(tmp_path: Path) -> None:
    bed = local_testbed(tmp_path)
    cabinet = await new_cabinet(bed.context, "corpus@poste.example")
    scope = CabinetScope(bed.context, cabinet.id, SYSTEM, "test")
    outcomes: dict[str, list[str]] = {}
    for path in corpus_files():
        raw = path.read_bytes()
        report = await ingest(bed.context, raw, cabinet.inbound_address, "corpus@exemple.fr")
        name = str(path.relative_to(CORPUS))
        assert report.status in HANDLED, f"{name}: {report.status} ({report.reason})"
        assert report.reason, f"{name}: no reason given for {report.status}"
        assert report.mail_id is not None
        stored = await raw_mail(scope, report.mail_id)
        if stored != raw:  # the same Message-ID and content seen earlier in the corpus: that copy is kept
            assert report.mail_id in {i for ids in outcomes.values() for i in ids}, f"{name}: raw bytes differ"
        outcomes.setdefault(report.status, []).append(report.mail_id)
    assert sum(len(ids) for ids in outcomes.values()) == len(corpus_files())
