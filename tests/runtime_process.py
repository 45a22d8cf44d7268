"""Starts the real local runtime (`./poste serve`) as a child process on free loopback ports, for tests and benches."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningRuntime:
    process: subprocess.Popen[str]
    data_dir: Path
    http_port: int
    smtp_port: int
    ready_after_seconds: float

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def stop(self, timeout: float = 20) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return self.process.returncode, output


def start_runtime(data_dir: Path, *, timeout: float = 30) -> RunningRuntime:
    http_port, smtp_port = free_port(), free_port()
    env = {**os.environ, "POSTE_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "local.cli", "serve", "--http-port", str(http_port), "--smtp-port", str(smtp_port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    runtime = RunningRuntime(process, data_dir, http_port, smtp_port, 0.0)
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
