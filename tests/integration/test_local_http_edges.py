"""The local HTTP server at its edges, driven with raw sockets against the real process (`./poste serve`): what
Cloudflare's edge does for the Worker in production, uvicorn and h11 must do here."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from local.http_protocol import HEADER_TIMEOUT_SECONDS
from tests.runtime_process import RunningRuntime, start_runtime

# Generous on purpose: the test checks that the server hangs up, not how fast.
DISCONNECT_BOUND_SECONDS = HEADER_TIMEOUT_SECONDS + 15
CHUNKED_POST = (
    b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
)
MALFORMED_CHUNK = b"zz\r\n{}\r\n0\r\n\r\n"  # the chunk size is not hexadecimal


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    running = start_runtime(tmp_path_factory.mktemp("http") / "data")
    yield running
    running.stop()


@pytest.fixture
def own_runtime(tmp_path: Path) -> Iterator[RunningRuntime]:
    """A runtime of its own, for a test that reads the whole log of the process."""
    running = start_runtime(tmp_path / "data")
    yield running
    running.stop()


def connect(runtime: RunningRuntime) -> socket.socket:
    return socket.create_connection(("127.0.0.1", runtime.http_port), timeout=DISCONNECT_BOUND_SECONDS)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; socket.timeout (a failure) if it never does."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def read_one_response(sock: socket.socket) -> bytes:
    """One response with a Content-Length, read whole; returns its head."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    fields = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
    while len(body) < int(fields[b"content-length"]):
        body += sock.recv(65536)
    return head


def test_unknown_api_paths_are_404_and_wrong_methods_405_beside_the_dashboard(runtime: RunningRuntime) -> None:
    with httpx.Client(base_url=runtime.base_url, timeout=5) as client:
        assert "IA Poste Manager" in client.get("/dossiers/2026-0042").text  # the dashboard's fallback still works
        for method, path in [("POST", "/api/nulle-part"), ("DELETE", "/api/x/y"), ("PUT", "/api")]:
            response = client.request(method, path)
            assert response.status_code == 404, (method, path)
            assert response.json() == {"erreur": "introuvable", "message": "Ressource introuvable."}
        wrong = client.get("/api/deadlines/compute")
        assert (wrong.status_code, wrong.headers["allow"]) == (405, "POST")
        assert client.delete("/api/health").headers["allow"] == "GET, HEAD"
        head = client.head("/api/health")
        assert (head.status_code, head.content) == (200, b"")


def test_connections_that_send_nothing_or_half_a_request_are_closed(runtime: RunningRuntime) -> None:
    with contextlib.ExitStack() as sockets:
        silent, half_line, half_head, half_second = (sockets.enter_context(connect(runtime)) for _ in range(4))
        half_line.sendall(b"GET /api/hea")
        half_head.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        half_second.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert read_one_response(half_second).startswith(b"HTTP/1.1 200")
        half_second.sendall(b"GET /api/health HTTP/1.1\r\n")  # the next request on the kept-alive connection, cut short
        started = time.monotonic()
        for sock in (silent, half_line, half_head, half_second):
            read_until_closed(sock)  # raises socket.timeout if the server keeps the connection open
        assert time.monotonic() - started < DISCONNECT_BOUND_SECONDS


def test_malformed_chunked_bodies_are_a_400_and_leave_no_traceback(own_runtime: RunningRuntime) -> None:
    runtime = own_runtime
    with connect(runtime) as at_once:  # headers and the bad chunk in one packet
        at_once.sendall(CHUNKED_POST % b"/api/deadlines/compute" + MALFORMED_CHUNK)
        assert read_until_closed(at_once).startswith(b"HTTP/1.1 400 ")
    with connect(runtime) as body_awaited:  # the application is already waiting for the body
        body_awaited.sendall(CHUNKED_POST % b"/api/deadlines/compute")
        time.sleep(0.3)
        body_awaited.sendall(MALFORMED_CHUNK)
        assert read_until_closed(body_awaited).startswith(b"HTTP/1.1 400 ")
    with connect(runtime) as answered:  # the application answered before reading the body: only a hang-up is left
        answered.sendall(CHUNKED_POST % b"/api/nulle-part")
        assert read_one_response(answered).startswith(b"HTTP/1.1 404 ")
        answered.sendall(MALFORMED_CHUNK)
        assert read_until_closed(answered) == b""
    assert httpx.get(f"{runtime.base_url}/api/health", timeout=5).status_code == 200
    code, log = runtime.stop()
    assert code == 0, log
    assert "Traceback" not in log
    assert "Invalid HTTP request received." in log  # uvicorn's one-line warning is what remains
