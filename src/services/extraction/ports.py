"""Ports of AI extraction: the model runner and the result cache."""

from __future__ import annotations

from typing import Any, Protocol

from domain.extraction.model import ExtractionResult


class AiRunner(Protocol):
    """Runs one model call, e.g. `env.AI.run(model, inputs)` on Workers; returns the binding's result."""

    async def run(self, model: str, inputs: dict[str, Any]) -> Any: ...


class ExtractionCache(Protocol):
    async def get(self, key: str) -> ExtractionResult | None: ...

    async def put(self, key: str, result: ExtractionResult) -> None: ...


class InMemoryExtractionCache:
    """A bounded in-process cache (oldest entry evicted first)."""

    def __init__(self, capacity: int = 256) -> None:
        self._entries: dict[str, ExtractionResult] = {}
        self._capacity = capacity

    async def get(self, key: str) -> ExtractionResult | None:
        return self._entries.get(key)

    async def put(self, key: str, result: ExtractionResult) -> None:
        self._entries.pop(key, None)
        self._entries[key] = result
        while len(self._entries) > self._capacity:
            self._entries.pop(next(iter(self._entries)))

    def __len__(self) -> int:
        return len(self._entries)
