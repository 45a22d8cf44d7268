"""The DATA phase of the local SMTP server, read so that a message is kept exactly as it was sent.

aiosmtpd bounces any line over 1,000 octets with a permanent 500, and a message with bare LF line ends is one such
line; real mail has both, and a bounce loses it for the cabinet. Here lines may be of any length (the message is
bounded as a whole by `data_size_limit`), bare CR and LF are data like any other byte, and only what RFC 5321 defines
is undone: the end line (a "." alone on a CRLF-terminated line, i.e. CRLF.CRLF, so no look-alike such as LF.LF can
end the data and smuggle a second message) and the dot-stuffing of §4.5.2 (one "." removed at the start of a line,
that is at the start of the data or after a CRLF — never after a bare LF).
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiosmtpd.smtp import MISSING, SMTP

_END_LINE = b".\r\n"


async def read_data(reader: asyncio.StreamReader, limit: int) -> bytes | None:
    """The message after DATA, up to and without its end line; None when it was over `limit` octets (it is read to
    its end all the same, so the session stays in step with the client)."""
    lines: list[bytes] = []
    pieces: list[bytes] = []  # a line longer than the reader's buffer limit arrives in pieces
    size = 0
    while True:
        try:
            piece = await reader.readuntil(b"\r\n")
        except asyncio.LimitOverrunError as error:  # no CRLF within the buffer limit: what came (never half a CRLF)
            piece = await reader.read(error.consumed)
        if not pieces and piece == _END_LINE:
            return None if size > limit else b"".join(lines)
        size += len(piece)
        if size > limit:
            lines.clear()  # too much: keep reading to the end line, but nothing more in memory
            pieces.clear()
            continue
        pieces.append(piece)
        if piece.endswith(b"\r\n"):
            line = b"".join(pieces)
            pieces.clear()
            lines.append(line[1:] if line.startswith(b".") else line)


class MailroomSMTP(SMTP):
    """aiosmtpd's server with the DATA phase above, always bounded; everything else is aiosmtpd's."""

    def __init__(self, handler: Any, *, data_size_limit: int, **options: Any) -> None:
        super().__init__(handler, data_size_limit=data_size_limit, **options)
        self._data_limit = data_size_limit

    async def smtp_DATA(self, arg: str | None) -> None:
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None  # set from the connection on
        if not self.envelope.rcpt_tos:
            await self.push("503 5.5.1 Erreur : indiquez d'abord un destinataire (RCPT).")
            return
        if arg:
            await self.push("501 5.5.4 Syntaxe : DATA, sans argument.")
            return
        await self.push("354 Envoyez le message, terminé par <CR><LF>.<CR><LF>")
        content = await read_data(self._reader, self._data_limit)
        if content is None:
            self.envelope = self._create_envelope()
            await self.push(f"552 5.3.4 Message trop volumineux : la limite est de {self._data_limit // 2**20} Mo.")
            return
        self.envelope.content = self.envelope.original_content = content
        status = await self._call_handler_hook("DATA")
        self.envelope = self._create_envelope()  # as after any transaction (aiosmtpd's post-DATA state)
        await self.push("250 OK" if status is MISSING else status)
