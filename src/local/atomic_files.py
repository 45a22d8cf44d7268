"""Files written atomically: a temporary file in the same folder, flushed and synced, then renamed over the target,
then the folder synced. A reader sees the old file or the whole new one, never half of it, even after a power cut.
Blocking: call it off the event loop (`asyncio.to_thread`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".tmp-"  # listings skip these: a file being written is not there yet


def write_atomically(path: Path, *chunks: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        fsync_directory(path.parent)  # the rename itself must survive a power cut, not only the bytes
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicFile:
    """A file written piece by piece, then published whole (the same temp + rename as `write_atomically`) or
    discarded: for content that arrives as a stream. Blocking: call its methods off the event loop."""

    def __init__(self, path: Path, fd: int, temp_name: str) -> None:
        self._path = path
        self._temp = Path(temp_name)
        self._handle = os.fdopen(fd, "w+b")

    @classmethod
    def open(cls, path: Path) -> AtomicFile:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
        return cls(path, fd, temp_name)

    def write(self, chunk: bytes) -> None:
        self._handle.write(chunk)

    def publish(self, offset: int, patch: bytes) -> None:
        """Overwrites `patch` at `offset` (a header reserved at the start), syncs, and renames over the target."""
        try:
            self._handle.seek(offset)
            self._handle.write(patch)
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.replace(self._temp, self._path)
            fsync_directory(self._path.parent)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        self._handle.close()
        self._temp.unlink(missing_ok=True)
