"""Time and peak memory (tracemalloc) of the reader and the extractor on hostile inputs built in code.

Run from the repository root: `PYTHONPATH=src .venv/bin/python -m bench.adversarial_mail [--timeout S] [NAME…]`.
Prints figures only; nothing here is asserted (tests/unit/mail/test_mail_adversarial.py and
tests/unit/extraction/test_extraction_robustness.py assert the behaviour). Each input runs under a SIGALRM
timeout (30 s by default) so that an older checkout can be measured too: `> 30 s` is printed then.
Peak memory is what tracemalloc sees of Python allocations (it slows the run down a little).
"""

from __future__ import annotations

import argparse
import signal
import struct
import sys
import time
import tracemalloc
import unicodedata
import zlib
from collections.abc import Callable
from datetime import date
from typing import Any

from domain.extraction import extract_text
from domain.mail import read_message
from domain.mail.html_text import html_to_text
from tests.hostile_mail import HEAD, WINMAIL, calendar, multipart, pdf, tnef, tnef_object

JAN_15 = date(2026, 1, 15)


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def tiny_parts(count: int) -> bytes:
    parts = b"--BB\r\n\r\nx\r\n" * count
    return HEAD + b'Content-Type: multipart/mixed; boundary="BB"\r\n\r\n' + parts + b"--BB--\r\n"


def fanout(levels: int) -> bytes:
    inner = b"From: x@y\r\nSubject: inner\r\n\r\nhello\r\n"
    for level in range(levels):
        part = b"\r\n--q%d\r\nContent-Type: message/rfc822\r\n\r\n" % level + inner
        inner = b'Subject: l%d\r\nContent-Type: multipart/mixed; boundary="q%d"\r\n' % (level, level) + part + part
        inner += b"\r\n--q%d--\r\n" % level
    return inner


def pdf_bomb(inflated_mib: int) -> bytes:
    packer = zlib.compressobj(9)
    stream = packer.compress(b"BT /F1 12 Tf (A) Tj ET\n")
    for _ in range(inflated_mib):
        stream += packer.compress(b" " * (1 << 20))
    return pdf(stream + packer.flush())


def html(markup: str) -> bytes:
    return HEAD + b"Content-Type: text/html; charset=utf-8\r\n\r\n" + markup.encode()


def extract(text: str, subject: str = "") -> Callable[[], Any]:
    return lambda: extract_text(text, JAN_15, subject=subject)


def read(build: Callable[[], bytes]) -> Callable[[], Any]:
    raw = build()
    return lambda: read_message(raw)


CASES: dict[str, Callable[[], Callable[[], Any]]] = {
    "parties: 'A' x 10,000": lambda: extract("A" * 10_000),
    "subject: 'A' x 20,000": lambda: extract("Objet : " + "A" * 20_000, "A" * 20_000),
    "amounts: '12 € ' x 20,000": lambda: extract("12 € " * 20_000),
    "amounts: 200 KB": lambda: extract(repeated("12 € ", 200_000)),
    "RG refs: 200 KB": lambda: extract(repeated("RG 24/01234 ", 200_000)),
    "dates: 200 KB": lambda: extract(repeated("12/03/2026 ", 200_000)),
    "mixed facts: 200 KB": lambda: extract(
        repeated("RG 24/01234 le 12 mars 2026 à 14 h Martin c/ Dupont 100 € ", 200_000)
    ),
    "MIME: 300,000 tiny parts (3 MB)": lambda: read(lambda: tiny_parts(300_000)),
    "MIME: 2,000,000 tiny parts (20 MB)": lambda: read(lambda: tiny_parts(2_000_000)),
    "rfc822 holding itself twice, 16 deep": lambda: read(lambda: fanout(16)),
    "TNEF: hostile names": lambda: read(lambda: multipart((WINMAIL, tnef([b"../../etc/passwd", b"..", b"x" * 2000])))),
    "TNEF: 5,000 files": lambda: read(lambda: multipart((WINMAIL, tnef([b"f%d.txt" % i for i in range(5000)])))),
    "TNEF: 300,000 objects": lambda: read(
        lambda: multipart((WINMAIL, struct.pack("<IH", 0x223E9F78, 1) + tnef_object(1, 0, 0, b"") * 300_000))
    ),
    "HTML: '<!--' then 300k '<a '": lambda: read(lambda: html("<!--" + "<a " * 300_000)),
    "HTML: 300k \"<a href='x' \"": lambda: read(lambda: html("<a href='x' " * 300_000)),
    "ICS: 100,000 VEVENTs": lambda: read(
        lambda: multipart((b'Content-Type: text/calendar; name="i.ics"', calendar(100_000)))
    ),
    "PDF: FlateDecode bomb to 400 MB": lambda: read(
        lambda: multipart((b'Content-Type: application/pdf; name="a.pdf"', pdf_bomb(400)))
    ),
    "NFD body": lambda: read(
        lambda: (
            HEAD
            + b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + unicodedata.normalize("NFD", "TJ de Créteil, février").encode()
        )
    ),
    "html_to_text: '<!--' then 100k '<a '": lambda: lambda: html_to_text("<!--" + "<a " * 100_000),
}


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


def _summary(result: Any) -> str:
    if hasattr(result, "status"):
        return f"{result.status.value} {result.reason}".strip() + f", {len(getattr(result, 'defects', ()))} defects"
    if hasattr(result, "facts"):
        return f"{len(result.facts)} facts, capped={list(getattr(result, 'capped', ()))}"
    return f"{len(result)} chars" if isinstance(result, str) else type(result).__name__


def measure(name: str, prepare: Callable[[], Callable[[], Any]], timeout: int) -> None:
    run = prepare()
    signal.signal(signal.SIGALRM, _alarm)
    tracemalloc.start()
    started = time.perf_counter()
    signal.alarm(timeout)
    try:
        outcome = _summary(run())
        elapsed = f"{time.perf_counter() - started:7.2f} s"
    except _Timeout:
        outcome, elapsed = "(stopped)", f"> {timeout} s".rjust(9)
    finally:
        signal.alarm(0)
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    print(f"{name:42} {elapsed}  peak {peak:8.1f} MiB  {outcome}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("names", nargs="*", help="only the cases whose name contains one of these")
    args = parser.parse_args(argv)
    print(f"{'input':42} {'time':>9}  {'peak (tracemalloc)':>18}  result")
    for name, prepare in CASES.items():
        if not args.names or any(wanted.lower() in name.lower() for wanted in args.names):
            measure(name, prepare, args.timeout)


if __name__ == "__main__":
    main(sys.argv[1:])
