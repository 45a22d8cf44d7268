"""Reading speed and peak memory of the mail reader, beside the `mail-parser` package on the same files.

Run from the repository root: `PYTHONPATH=src .venv/bin/python -m bench.mail_reading`.
Prints figures only; nothing here is asserted. The shared corpus is read in place (../shared/corpus/email).
"""

from __future__ import annotations

import base64
import contextlib
import gc
import logging
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from domain.mail import ReadStatus, read_message

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "email"
MiB = 1024 * 1024


def corpus_files() -> list[tuple[str, bytes]]:
    paths = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".eml", ".msg"))
    return [(str(p.relative_to(CORPUS)), p.read_bytes()) for p in paths]


def ours(raw: bytes) -> Any:
    return read_message(raw)


def theirs(raw: bytes) -> Any:
    import mailparser

    return mailparser.parse_from_bytes(raw)


def speed(reader: Callable[[bytes], Any], files: list[tuple[str, bytes]], rounds: int) -> tuple[float, int]:
    failures = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for _name, raw in files:
            try:
                reader(raw)
            except Exception:
                failures += 1
    elapsed = time.perf_counter() - started
    return len(files) * rounds / elapsed, failures // rounds


def peak(reader: Callable[[bytes], Any], payloads: list[bytes]) -> float:
    """The largest tracemalloc peak (MiB) over the payloads, each read on its own."""
    worst = 0
    for raw in payloads:
        gc.collect()
        tracemalloc.start()
        with contextlib.suppress(Exception):
            reader(raw)
        worst = max(worst, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return worst / MiB


def big_message(target: int = 25 * MiB - 64 * 1024) -> bytes:
    """A message just under 25 MiB: a French body and base64 attachments (PDF-like and binary)."""
    head = (
        b"From: Greffe <greffe@justice.fr>\r\nTo: cabinet@example.fr\r\nSubject: Pieces volumineuses\r\n"
        b"Date: Mon, 2 Feb 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="BIG"\r\n\r\n'
        b"--BIG\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Audience le lundi 2 mars 2026 à 14 h 00, RG 24/01234.\r\n".encode()
        * 200
    )
    parts = [head]
    size, index = len(head), 0
    chunk = bytes(range(256)) * 4096  # 1 MiB of binary
    while size < target - 2 * MiB:
        index += 1
        encoded = base64.encodebytes(chunk * 3).replace(b"\n", b"\r\n")
        part = (
            "--BIG\r\nContent-Type: application/octet-stream\r\n"
            f'Content-Disposition: attachment; filename="piece-{index}.bin"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
        ).encode() + encoded
        parts.append(part)
        size += len(part)
    parts.append(b"--BIG--\r\n")
    return b"".join(parts)


def main() -> None:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    if not CORPUS.is_dir():
        print(f"shared corpus absent: {CORPUS}")
        return
    files = corpus_files()
    total = sum(len(raw) for _, raw in files) / MiB
    print(f"shared corpus: {len(files)} files, {total:.1f} MiB")
    statuses = [read_message(raw).status for _, raw in files]
    malformed = sum(s is ReadStatus.MALFORMED for s in statuses)
    print(f"domain.mail: ok {len(files) - malformed}, malformed {malformed}")
    print(f"{'reader':<14}{'msg/s':>9}{'MiB/s':>8}{'exceptions':>12}{'peak MiB (worst file)':>24}")
    payloads = [raw for _, raw in files]
    for label, reader in (("domain.mail", ours), ("mail-parser", theirs)):
        rate, failures = speed(reader, files, rounds=3)
        print(f"{label:<14}{rate:>9.1f}{rate * total / len(files):>8.2f}{failures:>12}{peak(reader, payloads):>24.1f}")
    big = big_message()
    print(f"generated message: {len(big) / MiB:.2f} MiB, {big.count(b'filename=')} attachments")
    for label, reader in (("domain.mail", ours), ("mail-parser", theirs)):
        started = time.perf_counter()
        worst = peak(reader, [big])
        ratio = worst / (len(big) / MiB)
        print(f"{label:<14} peak {worst:7.1f} MiB ({ratio:.1f}x the message), {time.perf_counter() - started:.2f} s")
    over = big + b"x" * (MiB + 1)
    started = time.perf_counter()
    verdict = read_message(over)
    print(
        f"26 MiB message: {verdict.status.value} ({verdict.reason}) in {(time.perf_counter() - started) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
