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
