"""A long recording cut into pieces a transcription model accepts, each a valid file of its own, with the moment it
starts in the recording (so the pieces' transcripts are stitched back with their timings: `transcripts.stitch`).

Pure Python, no decoder: it runs under Pyodide. Where the container allows a clean cut, the recording is cut:
- WAV (PCM, float, µ-law, A-law, GSM 6.10): between sample blocks, at the quietest 50 ms before each boundary (a
  word is never split where a pause is at hand), each piece with a header of its own;
- MP3: between frames (ID3 tags and the Xing/Info frame left out: they would give a piece the whole file's length);
- Ogg (Opus, Vorbis): between pages, each piece carrying the stream's header pages, its times read from the
  pages' granule positions.
Formats whose pieces could not be decoded alone (M4A/MP4, WebM, FLAC, AMR, AAC) are sent whole up to
`PieceLimits.max_whole_bytes`; beyond it, `AudioTooLarge`.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass

from domain.audio import AudioTooLarge, UnusableAudio

QUIET_WINDOW_S = 0.05


@dataclass(frozen=True)
class PieceLimits:
    """What one request to the model may carry: `max_bytes` of audio (before base64: 1 MiB, the pieces of
    Cloudflare's own long-audio tutorial for this model) and `max_seconds` of it; a recording that cannot be cut is
    sent whole up to `max_whole_bytes` (a ten-minute phone or browser recording, AAC or Opus, fits). `search_s`:
    how far before a boundary the quietest moment is looked for (at most half a piece)."""

    max_bytes: int = 1024 * 1024
    max_seconds: float = 240.0
    max_whole_bytes: int = 16 * 1024 * 1024
    search_s: float = 8.0


@dataclass(frozen=True)
class AudioPiece:
    data: bytes
    start_s: float  # from the recording's start
    duration_s: float | None  # None when only the model can tell (a format sent whole)


def cut(audio: bytes, content_type: str, limits: PieceLimits | None = None) -> list[AudioPiece]:
    """The recording as pieces in order, each within `limits` (one piece when it fits whole)."""
    limits = limits or PieceLimits()
    if content_type == "audio/wav":
        return _cut_wav(audio, limits)
    if content_type == "audio/mpeg":
        return _cut_mp3(audio, limits)
    if content_type == "audio/ogg":
        return _cut_ogg(audio, limits)
    if len(audio) > limits.max_whole_bytes:
        raise AudioTooLarge(limits.max_whole_bytes)
    return [AudioPiece(audio, 0.0, None)]


# --- WAV


@dataclass(frozen=True)
class _Wav:
    fmt_chunk: bytes  # the whole "fmt " chunk, header included
    tag: int
    channels: int
    rate: int
    block_align: int
    bits: int
    frames_per_block: int
    data_start: int
    data_end: int


_PCM, _FLOAT, _ALAW, _MULAW, _GSM, _EXTENSIBLE = 1, 3, 6, 7, 0x31, 0xFFFE


def _read_wav(audio: bytes) -> _Wav:
    if len(audio) < 12 or audio[:4] != b"RIFF" or audio[8:12] != b"WAVE":
        raise UnusableAudio()
    position, fmt = 12, None
    while position + 8 <= len(audio):
        name, size = audio[position : position + 4], struct.unpack_from("<I", audio, position + 4)[0]
        body = position + 8
        if name == b"fmt " and size >= 16:
            fmt = audio[position : body + size]
        elif name == b"data" and fmt is not None:
            end = len(audio) if size in (0, 0xFFFFFFFF) else min(len(audio), body + size)  # streamed or truncated
            return _wav_of(fmt, body, end)
        position = body + size + (size & 1)
    raise UnusableAudio()


def _wav_of(fmt: bytes, data_start: int, data_end: int) -> _Wav:
    tag, channels, rate, _, block_align, bits = struct.unpack_from("<HHIIHH", fmt, 8)
    if tag == _EXTENSIBLE and len(fmt) >= 8 + 26:
        tag = struct.unpack_from("<H", fmt, 8 + 24)[0]  # the sub-format GUID starts with the plain tag
    frames_per_block = 1
    if tag == _GSM:
        frames_per_block = struct.unpack_from("<H", fmt, 8 + 18)[0] if len(fmt) >= 8 + 20 else 320
    if not (channels and rate and block_align and frames_per_block):
        raise UnusableAudio()
    return _Wav(fmt, tag, channels, rate, block_align, bits, frames_per_block, data_start, data_end)


def _cut_wav(audio: bytes, limits: PieceLimits) -> list[AudioPiece]:
    wav = _read_wav(audio)
    blocks = (wav.data_end - wav.data_start) // wav.block_align
    header = len(_wav_header(wav, 0))
    seconds_per_block = wav.frames_per_block / wav.rate
    by_bytes = (limits.max_bytes - header) // wav.block_align
    per_piece = max(1, min(by_bytes, int(limits.max_seconds / seconds_per_block)))
    search = min(per_piece // 2, int(limits.search_s / seconds_per_block))
    pieces, first = [], 0
    while first < blocks:
        last = blocks if blocks - first <= per_piece else _quietest(audio, wav, first + per_piece - search, search)
        last = max(last, first + 1)
        data = audio[wav.data_start + first * wav.block_align : wav.data_start + last * wav.block_align]
        pieces.append(AudioPiece(_wav_header(wav, len(data)) + data, first * seconds_per_block,
                                 (last - first) * seconds_per_block))  # fmt: skip
        first = last
    return pieces or [AudioPiece(_wav_header(wav, 0), 0.0, 0.0)]


def _wav_header(wav: _Wav, data_bytes: int) -> bytes:
    fact = b""
    if wav.tag not in (_PCM, _FLOAT) or len(wav.fmt_chunk) > 8 + 16:  # non-PCM formats must say their length
        fact = b"fact" + struct.pack("<II", 4, data_bytes // wav.block_align * wav.frames_per_block)
    fmt = wav.fmt_chunk + (b"\0" if len(wav.fmt_chunk) & 1 else b"")
    size = 4 + len(fmt) + len(fact) + 8 + data_bytes + (data_bytes & 1)
    return b"RIFF" + struct.pack("<I", size) + b"WAVE" + fmt + fact + b"data" + struct.pack("<I", data_bytes)


def _quietest(audio: bytes, wav: _Wav, start_block: int, span: int) -> int:
    """Where to cut between `start_block` and `start_block + span`: in the longest pause among its 50 ms windows
    (`_pause_in`). The span's end when nothing can be measured (GSM, a span too short)."""
    window = max(1, int(QUIET_WINDOW_S * wav.rate / wav.frames_per_block))
    levels = _levels(audio, wav, start_block, span)
    if levels is None or len(levels) < window:
        return start_block + span
    energies = [sum(levels[i : i + window]) for i in range(0, len(levels) - window + 1, window)]
    return start_block + min(span, int(_pause_in(energies, window * 8) * window + window / 2))


def _pause_in(energies: list[int], margin: int) -> float:
    """The middle (an index into `energies`) of the longest run of quiet ones, those at most twice the quietest
    (plus `margin`, so that a faint hiss does not make the floor too strict): a pause between sentences wins over
    one between words. The latest of equally long runs."""
    ceiling = min(energies) * 2 + margin
    best_run, best_middle, run = 0, float(len(energies) - 1), 0
    for index, energy in enumerate(energies):
        run = run + 1 if energy <= ceiling else 0
        if run and run >= best_run:
            best_run, best_middle = run, index - (run - 1) / 2
    return best_middle


def _levels(audio: bytes, wav: _Wav, start_block: int, count: int) -> list[int] | None:
    """The loudness of each frame's first channel (absolute sample value), or None for a format not measured."""
    begin = wav.data_start + start_block * wav.block_align
    chunk = audio[begin : min(wav.data_end, begin + count * wav.block_align)]
    width = wav.block_align // wav.channels
    if wav.tag == _PCM and width == 2:
        samples = array("h")
        samples.frombytes(chunk[: len(chunk) // 2 * 2])
        return [abs(v) for v in samples[:: wav.channels]]
    if wav.tag == _PCM and width == 1:
        return [abs(b - 128) << 8 for b in chunk[:: wav.channels]]
    if wav.tag in (_MULAW, _ALAW) and width == 1:
        table = _MULAW_TABLE if wav.tag == _MULAW else _ALAW_TABLE
        return [table[b] for b in chunk[:: wav.channels]]
    if wav.tag == _PCM and width in (3, 4):
        step = wav.block_align
        return [abs(int.from_bytes(chunk[i + width - 2 : i + width], "little", signed=True))
                for i in range(0, len(chunk) - step + 1, step)]  # fmt: skip
    return None


def _mulaw(byte: int) -> int:
    value = ~byte & 0xFF
    magnitude = (((value & 0x0F) << 3) + 0x84) << ((value & 0x70) >> 4)
    return magnitude - 0x84


def _alaw(byte: int) -> int:
    value = byte ^ 0x55
    exponent, mantissa = (value & 0x70) >> 4, value & 0x0F
    return ((mantissa << 4) + 8) if exponent == 0 else ((mantissa << 4) + 0x108) << (exponent - 1)


_MULAW_TABLE = tuple(_mulaw(b) for b in range(256))
_ALAW_TABLE = tuple(_alaw(b) for b in range(256))


# --- MP3

_MP3_BITRATES = {  # (MPEG-1?, layer) -> kbit/s by index
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3_frame(audio: bytes, at: int) -> tuple[int, int, int] | None:
    """(length in bytes, samples, sample rate) of the MPEG audio frame at `at`, or None if none starts there."""
    if at + 4 > len(audio) or audio[at] != 0xFF or audio[at + 1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (audio[at + 1] >> 3) & 3, (audio[at + 1] >> 1) & 3
    bitrate_index, rate_index, padding = audio[at + 2] >> 4, (audio[at + 2] >> 2) & 3, (audio[at + 2] >> 1) & 1
    if version == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1, layer = version == 3, 4 - layer_bits
    bitrate = _MP3_BITRATES[(mpeg1, min(layer, 2) if not mpeg1 else layer)][bitrate_index] * 1000
    rate = _MP3_RATES[version][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4, 384, rate
    samples = 1152 if layer == 2 or mpeg1 else 576
    return samples // 8 * bitrate // rate + padding, samples, rate


def _mp3_frames(audio: bytes) -> list[tuple[int, int, float]]:
    """(start, end, seconds) of each audio frame, resynchronising over garbage; tags and the VBR frame left out."""
    at = 0
    if audio[:3] == b"ID3" and len(audio) >= 10:
        at = 10 + sum((audio[6 + i] & 0x7F) << (7 * (3 - i)) for i in range(4))
    end = len(audio) - 128 if audio[-128:-125] == b"TAG" else len(audio)
    frames: list[tuple[int, int, float]] = []
    while at < end:
        frame = _mp3_frame(audio, at)
        if frame is None or at + frame[0] > end or (not frames and _mp3_frame(audio, at + frame[0]) is None
                                                    and at + frame[0] < end):  # fmt: skip
            at += 1
            continue
        length, samples, rate = frame
        head = audio[at : at + min(length, 64)]
        if not (frames == [] and (b"Xing" in head or b"Info" in head or b"VBRI" in head)):
            frames.append((at, at + length, samples / rate))
        at += length
    return frames


def _mp3_bits(audio: bytes, at: int) -> int:
    """How many bits of coded sound a layer III frame holds (its granules' part2_3_length): silence codes to
    almost none, so this tells a pause without decoding. 0 for the other layers."""
    if (audio[at + 1] >> 1) & 3 != 1:
        return 0
    mpeg1, mono = (audio[at + 1] >> 3) & 3 == 3, audio[at + 3] >> 6 == 3
    channels = 1 if mono else 2
    skip = (18 if mono else 20) if mpeg1 else (9 if mono else 10)  # main_data_begin, private bits, scfsi
    block = 59 if mpeg1 else 63
    start = at + (4 if audio[at + 1] & 1 else 6)
    side = int.from_bytes(audio[start : start + 32], "big")  # a slice of 32 bytes, never a copy of the rest
    length = 256
    total = 0
    for index in range((2 if mpeg1 else 1) * channels):
        total += (side >> (length - skip - index * block - 12)) & 0xFFF
    return total


def _cut_mp3(audio: bytes, limits: PieceLimits) -> list[AudioPiece]:
    frames = _mp3_frames(audio)
    if not frames:
        raise UnusableAudio()
    return _group(audio, frames, b"", limits, [_mp3_bits(audio, start) for start, _, _ in frames])


def _group(
    audio: bytes, units: list[tuple[int, int, float]], head: bytes, limits: PieceLimits, levels: list[int] | None = None
) -> list[AudioPiece]:
    """Consecutive units (start, end, seconds) gathered into pieces of at most `limits`, each prefixed by `head`;
    with the units' `levels`, each piece ends in the longest pause of its last `search_s` (at most half of it)."""
    pieces: list[AudioPiece] = []
    clock, first = 0.0, 0
    while first < len(units):
        size, seconds, last = len(head), 0.0, first
        while last < len(units):
            unit_size, unit_seconds = units[last][1] - units[last][0], units[last][2]
            if last > first and (size + unit_size > limits.max_bytes or seconds + unit_seconds > limits.max_seconds):
                break
            size, seconds, last = size + unit_size, seconds + unit_seconds, last + 1
        if levels is not None and last < len(units) and last - first > 1:
            span = min((last - first) // 2, int(limits.search_s / max(units[first][2], 1e-6)))
            if span > 0:
                last = last - span + round(_pause_in(levels[last - span : last], 64))
        body = b"".join(audio[start:end] for start, end, _ in units[first:last])
        seconds = sum(unit[2] for unit in units[first:last])
        pieces.append(AudioPiece(head + body, clock, seconds))
        clock, first = clock + seconds, last
    return pieces


# --- Ogg


def _ogg_pages(audio: bytes) -> list[tuple[int, int, int, int]]:
    """(start, end, granule position, header type) of each page."""
    pages, at = [], 0
    while at + 27 <= len(audio):
        if audio[at : at + 4] != b"OggS":
            raise UnusableAudio()
        kind, granule, count = audio[at + 5], struct.unpack_from("<q", audio, at + 6)[0], audio[at + 26]
        end = at + 27 + count + sum(audio[at + 27 : at + 27 + count])
        if end > len(audio):
            break  # a truncated last page: the pieces end before it
        pages.append((at, end, granule, kind))
        at = end
    if not pages:
        raise UnusableAudio()
    return pages


def _cut_ogg(audio: bytes, limits: PieceLimits) -> list[AudioPiece]:
    pages = _ogg_pages(audio)
    first_page = audio[pages[0][0] : pages[0][1]]
    opus = b"OpusHead" in first_page
    rate = 48000 if opus else (struct.unpack_from("<I", first_page, first_page.find(b"\x01vorbis") + 12)[0]
                               if b"\x01vorbis" in first_page else 0)  # fmt: skip
    headers = 2 if opus else 3  # Opus: OpusHead, OpusTags; Vorbis: identification, comment, setup
    if not rate:
        if len(audio) > limits.max_whole_bytes:
            raise AudioTooLarge(limits.max_whole_bytes)
        return [AudioPiece(audio, 0.0, None)]
    skip = struct.unpack_from("<H", first_page, first_page.find(b"OpusHead") + 10)[0] if opus else 0
    header_pages = _header_page_count(audio, pages, headers)
    head = b"".join(audio[start:end] for start, end, _, _ in pages[:header_pages])
    units, previous = [], skip
    for start, end, granule, _ in pages[header_pages:]:
        moment = max(granule, previous) if granule >= 0 else previous  # -1: no packet ends on this page
        units.append((start, end, (moment - previous) / rate))
        previous = moment
    if not units:
        return [AudioPiece(audio, 0.0, 0.0)]
    pieces = _group(audio, units, head, limits)
    return [AudioPiece(_last_page_flagged(p.data, len(head)), p.start_s, p.duration_s) for p in pieces]


def _header_page_count(audio: bytes, pages: list[tuple[int, int, int, int]], packets: int) -> int:
    """How many pages the stream's `packets` header packets fill (they end on a page boundary by the specs)."""
    ended = 0
    for index, (start, _, _, _) in enumerate(pages):
        count = audio[start + 26]
        ended += sum(1 for lacing in audio[start + 27 : start + 27 + count] if lacing < 255)
        if ended >= packets:
            return index + 1
    return len(pages)


def _last_page_flagged(data: bytes, head_size: int) -> bytes:
    """The piece with its last page marked end-of-stream (CRC recomputed), as a file that ends there should be."""
    at, last = head_size, head_size
    while at + 27 <= len(data):
        last = at
        at += 27 + data[at + 26] + sum(data[at + 27 : at + 27 + data[at + 26]])
    page = bytearray(data[last:])
    page[5] |= 0x04
    page[22:26] = b"\0\0\0\0"
    page[22:26] = struct.pack("<I", ogg_crc(bytes(page)))
    return data[:last] + bytes(page)


def _crc_table() -> tuple[int, ...]:
    table = []
    for index in range(256):
        crc = index << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
        table.append(crc)
    return tuple(table)


_CRC = _crc_table()


def ogg_crc(page: bytes) -> int:
    """The Ogg page checksum (CRC-32, polynomial 0x04C11DB7, unreflected) of a page whose CRC field is zero."""
    crc = 0
    for byte in page:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[((crc >> 24) & 0xFF) ^ byte]
    return crc
