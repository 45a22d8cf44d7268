"""uvicorn's h11 protocol with the two guards Cloudflare's edge gives the Worker in production.

- A deadline for the request head. uvicorn's `timeout_keep_alive` runs only between requests and is cancelled by
  the first byte received, so a client that connects and sends nothing, or half a request line or half its
  headers, held its connection (and a file descriptor) forever. Here the connection is closed when no complete
  request head has arrived `HEADER_TIMEOUT_SECONDS` after the server started waiting for one.
- A clean end for a malformed body. h11 rejects a bad chunk with a protocol error and uvicorn answers 400; but when
  the application has already begun its answer (it may answer before reading the body), no 400 can follow and
  uvicorn's attempt raised inside asyncio's callback, which logged a traceback. Then the connection is just closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 5
_NOTHING_SENT_YET = (h11.IDLE, h11.SEND_RESPONSE)  # the server's h11 states in which a response can still start


class GuardedH11Protocol(H11Protocol):
    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn
        super().connection_made(transport)
        self._watch_for_head()

    def handle_events(self) -> None:
        super().handle_events()
        self._watch_for_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        if self.conn.our_state in _NOTHING_SENT_YET:
            super().send_400_response(msg)
        else:
            self.transport.close()

    def _watch_for_head(self) -> None:
        """Runs after every batch of events: h11 leaves IDLE only once a whole request head has been parsed."""
        waiting_for_head = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
        if not waiting_for_head:
            self._cancel_head_deadline()
        elif self._head_deadline is None:
            # uvicorn's own keep-alive handler: it closes the connection the way uvicorn closes idle ones.
            self._head_deadline = self.loop.call_later(HEADER_TIMEOUT_SECONDS, self.timeout_keep_alive_handler)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None
