"""The JobQueue port on a Cloudflare Queue producer, and the JobMessage port over a delivered message."""

from __future__ import annotations

from typing import Any

from cf._convert import field, js_options, plain
from services.limits import check_job
from services.ports import JsonDict


class WorkersJobQueue:
    def __init__(self, binding: Any) -> None:
        self._queue = binding

    async def send(self, job: JsonDict) -> None:
        check_job(job)
        await self._queue.send(job)

    async def depth(self) -> int | None:
        return None  # the producer binding cannot tell how many messages wait


class WorkersJobMessage:
    """One message of a `queue` handler's batch (the SDK's wrapper or the raw JS `Message`)."""

    def __init__(self, message: Any) -> None:
        self._message = message
        body = plain(field(message, "body"))
        self._body: JsonDict = body if isinstance(body, dict) else {"value": body}
        self._attempts = int(field(message, "attempts") or 1)

    @property
    def body(self) -> JsonDict:
        return self._body

    @property
    def attempts(self) -> int:
        return self._attempts

    @property
    def id(self) -> str:
        return str(field(self._message, "id"))

    def ack(self) -> None:
        self._message.ack()

    def retry(self, delay_seconds: int | None = None) -> None:
        if delay_seconds is None:
            self._message.retry()
        else:
            self._message.retry(js_options({"delaySeconds": int(delay_seconds)}, self._message))
