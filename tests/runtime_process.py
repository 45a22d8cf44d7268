"""Starts the real local runtime (`./poste serve`) as a child process on free loopback ports, for tests and benches."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[1]
MAX_KEPT_LINES = 5000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OutputDrain:
    """Reads the child's output as it comes. A pipe nobody reads fills up (64 KiB) and then blocks the child's next
    log line — freezing its event loop, which is the reader's fault, not the runtime's."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: deque[str] = deque(maxlen=MAX_KEPT_LINES)
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        with stream:  # closed at the child's end of output, so no pipe is left open behind it
            for line in stream:
                self._lines.append(line)

    def text(self, timeout: float = 10) -> str:
        self._thread.join(timeout)
        return "".join(self._lines)


@dataclass
class RunningRuntime:
    process: subprocess.Popen[str]
    data_dir: Path
    http_port: int
    smtp_port: int
    ready_after_seconds: float
    output: OutputDrain

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def stop(self, timeout: float = 20) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.process.returncode, self.output.text()

    def kill(self) -> None:
        """SIGKILL: the process dies at whatever instant it is, as in a crash."""
        self.process.kill()
        self.process.wait(timeout=10)
        self.output.text()


_web_app_checked = False


def ensure_web_app() -> None:
    """The runtime serves public/, the web app's build output: build it when web/ changed (as `./poste serve`),
    checked once per test process."""
    global _web_app_checked
    if _web_app_checked:
        return
    node_bin = ROOT / ".venv" / "bin"
    env = {**os.environ, "PATH": os.pathsep.join([str(node_bin), os.environ.get("PATH", "")])}
    completed = subprocess.run(
        ["node", "scripts/build_web.mjs", "--if-stale"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the web app did not build (`scripts/bootstrap node web`):\n{completed.stderr[-4000:]}")
    _web_app_checked = True


def start_runtime(data_dir: Path, *, timeout: float = 30, extra_env: dict[str, str] | None = None) -> RunningRuntime:
    ensure_web_app()
    http_port, smtp_port = free_port(), free_port()
    env = {**os.environ, "POSTE_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT / "src"), **(extra_env or {})}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "local.cli", "serve", "--http-port", str(http_port), "--smtp-port", str(smtp_port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    runtime = RunningRuntime(process, data_dir, http_port, smtp_port, 0.0, OutputDrain(process.stdout))
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the runtime exited early:\n{runtime.stop()[1]}")
        try:
            if httpx.get(f"{runtime.base_url}/api/health", timeout=1).status_code == 200:
                runtime.ready_after_seconds = time.perf_counter() - started
                return runtime
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    runtime.stop()
    raise RuntimeError("the runtime did not answer /api/health in time")
