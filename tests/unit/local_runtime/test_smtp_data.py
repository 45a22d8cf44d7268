"""The SMTP server's DATA reader on an in-memory stream whose buffer limit is tiny, so every line is "too long"."""

from __future__ import annotations

import asyncio

from local.smtp_data import read_data


def stream(wire: bytes, *, limit: int = 8) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=limit)
    reader.feed_data(wire)
    reader.feed_eof()
    return reader


async def test_lines_longer_than_the_buffer_limit_are_kept_whole_with_their_bare_line_ends():
    message = b"Subject: long\n\n" + b"x" * 100 + b"\r" + b"y" * 7 + b"\r\n" + b"z" * 8 + b"\r\n"
    assert await read_data(stream(message + b".\r\n"), 1_000) == message


async def test_a_crlf_that_straddles_the_buffer_limit_still_ends_its_line():
    for filler in range(1, 20):  # puts the CR on every side of the limit
        message = b"a" * filler + b"\r\n..b\r\n"
        assert await read_data(stream(message + b".\r\n"), 1_000) == b"a" * filler + b"\r\n.b\r\n"


async def test_only_a_dot_alone_on_a_crlf_line_ends_the_data_and_what_follows_stays_for_the_next_command():
    lookalikes = b".\n\r\nx\n.\r\n\r.\r\n.\n.\r\n"  # each line starting with a dot loses it, and goes on
    reader = stream(lookalikes + b".\r\nQUIT\r\n", limit=64)
    assert await read_data(reader, 1_000) == b"\n\r\nx\n.\r\n\r.\r\n\n.\r\n"
    assert await reader.readline() == b"QUIT\r\n"


async def test_an_empty_message_is_the_end_line_alone():
    assert await read_data(stream(b".\r\n"), 1_000) == b""


async def test_a_message_over_the_limit_is_read_to_its_end_and_reported_as_none():
    reader = stream(b"y" * 5_000 + b"\r\n" + b"z\r\n" * 100 + b".\r\nQUIT\r\n")
    assert await read_data(reader, 1_000) is None
    assert await reader.readline() == b"QUIT\r\n"
