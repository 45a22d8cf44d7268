"""A progress bar on stderr for long CLI commands: redrawn in place on a terminal, one line per step otherwise."""

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

    def advance(self, amount: int, detail: str = "") -> None:
        self.done = min(self.total, self.done + amount)
        fraction = self.done / self.total
        if not self._tty and amount == 0:  # a log file gets one line per step, not every redraw
            return
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
