"""The `Extractor` port: one call reads every fact of one message's text."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from domain.extraction.model import ExtractionResult


class Extractor(Protocol):
    async def extract(
        self, text: str, *, reference_date: date, subject: str = "", sender: str = ""
    ) -> ExtractionResult:
        """Facts of `text`; relative dates resolve against `reference_date` (the message's date, not the clock)."""
        ...
