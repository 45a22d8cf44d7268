"""An AI runner over the Workers AI binding: `await env.AI.run(model, inputs)`."""

from __future__ import annotations

from typing import Any

from cf._convert import plain
from services.ports import JsonDict


class WorkersAiError(RuntimeError):
    """Workers AI refused or failed the request (model error, JSON mode not met, capacity)."""


class WorkersAiRunner:
    def __init__(self, binding: Any) -> None:
        self._ai = binding

    async def run(self, model: str, inputs: JsonDict) -> Any:
        if self._ai is None:
            raise WorkersAiError("no AI binding in this Worker's environment")
        try:
            result = await self._ai.run(model, inputs)
        except Exception as exc:  # JsException from the binding
            message = str(getattr(exc, "message", "") or exc)
            raise WorkersAiError(message) from exc
        return plain(result)
