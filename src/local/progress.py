"""A progress bar on stderr for long CLI commands: redrawn in place on a terminal, a line every tenth otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.done = 0
        self._stream = stream or sys.stderr
        self._started = time.perf_counter()
        self._tty = self._stream.isatty()
        self._last_tenth = -1

    def advance(self, amount: int, detail: str = "") -> None:
        self.done = min(self.total, self.done + amount)
        fraction = self.done / self.total
        tenth = int(fraction * 10)
        if not self._tty and tenth == self._last_tenth:
            return
        self._last_tenth = tenth
        filled = int(fraction * WIDTH)
        elapsed = time.perf_counter() - self._started
        line = f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {fraction:4.0%} {elapsed:6.1f} s {detail}"
        self._stream.write(f"\r{line}\033[K" if self._tty else f"{line}\n")
        self._stream.flush()

    def finish(self) -> float:
        """Closes the bar's line; the seconds since it started."""
        if self._tty:
            self._stream.write("\n")
        return time.perf_counter() - self._started
