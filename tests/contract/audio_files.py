"""Audio files built byte by byte for the cutting tests: WAV in telephone µ-law, MP3 frames, an Ogg Opus stream.
Stdlib only (they run under Pyodide too); structurally exact, not meant to sound like anything."""

from __future__ import annotations

import struct

from domain.audio_pieces import ogg_crc

MP3_FRAME = 417  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 1152 samples
MP3_HEADER = b"\xff\xfb\x90\x00"


def mulaw_wav(levels: list[int], rate: int = 8000) -> bytes:
    """A µ-law WAV (format 7, with its `fact` chunk) whose n-th sample is loud when `levels[n]`, else near silent."""
    data = bytes(0x80 if level else 0xFF for level in levels)  # 0x80: the loudest positive code; 0xFF: zero
    fmt = struct.pack("<HHIIHHH", 7, 1, rate, rate, 1, 8, 0)
    body = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"fact" + struct.pack("<II", 4, len(data))
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def mp3(
    frames: int,
    *,
    id3: bool = True,
    xing: bool = True,
    garbage_after: int | None = None,
    quiet: frozenset[int] = frozenset(),
) -> bytes:
    """`frames` MP3 audio frames (each numbered in its last bytes), after an ID3v2 tag and a Xing frame; with
    `garbage_after`, a few stray bytes after that frame (a decoder resynchronises). The `quiet` frames code no
    sound (their side information says no bits), the others some."""
    out = b""
    if id3:
        out += b"ID3\x03\x00\x00" + bytes([0, 0, 0, 20]) + b"\0" * 20
    if xing:
        out += MP3_HEADER + b"\0" * 32 + b"Xing" + b"\0" * (MP3_FRAME - 40)
    for index in range(frames):
        side = b"\0" * 32 if index in quiet else b"\x11" * 32
        out += MP3_HEADER + side + b"\x11" * (MP3_FRAME - 40) + struct.pack(">I", index)
        if garbage_after == index:
            out += b"\x00\x12\x34"
    return out


def mp3_frame_numbers(data: bytes) -> list[int]:
    numbers, at = [], data.find(MP3_HEADER)
    while at >= 0 and at + MP3_FRAME <= len(data):
        frame = data[at : at + MP3_FRAME]
        if b"Xing" not in frame[:64]:
            numbers.append(struct.unpack(">I", frame[-4:])[0])
        at = data.find(MP3_HEADER, at + MP3_FRAME)
    return numbers


def ogg_page(serial: int, sequence: int, granule: int, packets: list[bytes], kind: int = 0) -> bytes:
    lacing = b""
    for packet in packets:
        lacing += b"\xff" * (len(packet) // 255) + bytes([len(packet) % 255])
    header = b"OggS\0" + bytes([kind]) + struct.pack("<qIII", granule, serial, sequence, 0)
    page = header + bytes([len(lacing)]) + lacing + b"".join(packets)
    return page[:22] + struct.pack("<I", ogg_crc(page)) + page[26:]


def opus(seconds: int, *, pre_skip: int = 312) -> bytes:
    """An Ogg Opus stream: OpusHead, OpusTags, then one page per second of fifty 20 ms packets."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, pre_skip, 16000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 6) + b"poste\0" + struct.pack("<I", 0)
    pages = [ogg_page(7, 0, 0, [head], kind=2), ogg_page(7, 1, 0, [tags])]
    for second in range(seconds):
        packets = [bytes([0xF8, second % 256]) + b"\x55" * 60 for _ in range(50)]
        kind = 4 if second == seconds - 1 else 0
        pages.append(ogg_page(7, 2 + second, pre_skip + 48000 * (second + 1), packets, kind=kind))
    return b"".join(pages)


def ogg_pages(data: bytes) -> list[bytes]:
    pages, at = [], 0
    while at < len(data):
        count = data[at + 26]
        end = at + 27 + count + sum(data[at + 27 : at + 27 + count])
        pages.append(data[at:end])
        at = end
    return pages


def ogg_crc_ok(page: bytes) -> bool:
    return struct.unpack_from("<I", page, 22)[0] == ogg_crc(page[:22] + b"\0\0\0\0" + page[26:])
