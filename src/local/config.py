"""Configuration of the local runtime: environment variables, with `wrangler.toml` as the source of crons and
queue settings so both runtimes fire the same schedules and retry the same way."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class QueueSettings:
    max_batch_size: int = 10
    max_retries: int = 3
    retry_delay_seconds: float = 5.0


@dataclass(frozen=True)
class LocalConfig:
    data_dir: Path
    http_host: str = "127.0.0.1"
    http_port: int = 8787
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    crons: tuple[str, ...] = ()
    queue: QueueSettings = QueueSettings()
    public_dir: Path = ROOT / "public"

    @classmethod
    def from_environment(cls, wrangler_toml: Path = ROOT / "wrangler.toml") -> LocalConfig:
        wrangler = read_wrangler(wrangler_toml)
        return cls(
            data_dir=Path(os.environ.get("POSTE_DATA_DIR", ROOT / ".data")).resolve(),
            http_host=os.environ.get("POSTE_HTTP_HOST", "127.0.0.1"),
            http_port=int(os.environ.get("POSTE_HTTP_PORT", "8787")),
            smtp_host=os.environ.get("POSTE_SMTP_HOST", "127.0.0.1"),
            smtp_port=int(os.environ.get("POSTE_SMTP_PORT", "2525")),
            crons=crons_of(wrangler),
            queue=queue_settings_of(wrangler),
        )


def read_wrangler(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def crons_of(wrangler: dict[str, Any]) -> tuple[str, ...]:
    return tuple(wrangler.get("triggers", {}).get("crons", ()))


def queue_settings_of(wrangler: dict[str, Any]) -> QueueSettings:
    consumers = wrangler.get("queues", {}).get("consumers", [])
    if not consumers:
        return QueueSettings()
    consumer = consumers[0]
    return QueueSettings(
        max_batch_size=int(consumer.get("max_batch_size", 10)),
        max_retries=int(consumer.get("max_retries", 3)),
        retry_delay_seconds=float(consumer.get("retry_delay", 5)),
    )
