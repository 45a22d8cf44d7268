"""What `./poste seed` writes that no feature repository writes yet: mail filed to a dossier (the mail feature will
file messages itself), and the counts the seed reports."""

from __future__ import annotations

from d1.database import Database, Statement


class SeedRows:
    """One cabinet's seeded rows."""

    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def file_mail(self, inbound_id: str, dossier_id: str) -> Statement:
        return Statement(
            "UPDATE inbound_mail SET dossier_id = ?, confidence = 0.9, filing_reason = 'référence du dossier',"
            " filed_by = 'system', filed_at = received_at WHERE cabinet_id = ? AND id = ?",
            (dossier_id, self._cabinet_id, inbound_id),
        )

    async def counts(self) -> dict[str, int]:
        """How many rows of each seeded kind the cabinet holds (one query)."""
        row = await self._db.first(
            "SELECT (SELECT COUNT(*) FROM clients WHERE cabinet_id = ?1) AS clients,"
            " (SELECT COUNT(*) FROM dossiers WHERE cabinet_id = ?1) AS dossiers,"
            " (SELECT COUNT(*) FROM parties WHERE cabinet_id = ?1) AS parties,"
            " (SELECT COUNT(*) FROM court_references WHERE cabinet_id = ?1) AS court_references,"
            " (SELECT COUNT(*) FROM documents WHERE cabinet_id = ?1) AS documents,"
            " (SELECT COUNT(*) FROM inbound_mail WHERE cabinet_id = ?1) AS mails,"
            " (SELECT COUNT(*) FROM inbound_mail WHERE cabinet_id = ?1 AND dossier_id IS NOT NULL) AS filed_mails,"
            " (SELECT COUNT(*) FROM search_entries WHERE cabinet_id = ?1) AS search_entries",
            self._cabinet_id,
        )
        return {name: int(value) for name, value in (row or {}).items()}
