"""The model's halves joined into the cache, checked by SHA-256, on packages made here (tiny stand-ins)."""

import hashlib
import sys
from pathlib import Path

import pytest

from domain.audio import TranscriptionFailed
from local.whisper_model import ModelSource, model_dir


def package(root: Path, name: str, files: dict[str, bytes]) -> None:
    folder = root / name / "data"
    folder.mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    for file_name, content in files.items():
        (folder / file_name).write_bytes(content)


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    package(root, "fake_model_part1", {"model.bin.part1": b"first half|", "config.json": b"{}"})
    package(root, "fake_model_part2", {"model.bin.part2": b"second half", "tokenizer.json": b"[]"})
    monkeypatch.setattr(sys, "path", [str(root), *sys.path])
    return root


WHOLE = b"first half|second half"


def source(sha256: str) -> ModelSource:
    return ModelSource("fake", ("fake_model_part1", "fake_model_part2"), sha256)


def test_the_halves_are_joined_once_in_order_with_the_other_files_beside(packages: Path, tmp_path: Path):
    joined = model_dir(source(hashlib.sha256(WHOLE).hexdigest()), tmp_path / "cache")
    assert (joined / "model.bin").read_bytes() == WHOLE
    assert sorted(p.name for p in joined.iterdir()) == [".sha256", "config.json", "model.bin", "tokenizer.json"]
    (joined / "model.bin").touch()
    stamp = (joined / "model.bin").stat().st_mtime_ns
    assert model_dir(source(hashlib.sha256(WHOLE).hexdigest()), tmp_path / "cache") == joined
    assert (joined / "model.bin").stat().st_mtime_ns == stamp  # not joined again
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [joined.name]  # no temporary folder left


def test_a_model_that_does_not_match_its_checksum_is_refused_and_not_kept(packages: Path, tmp_path: Path):
    with pytest.raises(TranscriptionFailed, match="altéré") as refused:
        model_dir(source("0" * 64), tmp_path / "cache")
    assert refused.value.temporary is False
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_missing_package_is_a_permanent_failure_in_french(tmp_path: Path):
    with pytest.raises(TranscriptionFailed, match="n'est pas installé"):
        model_dir(ModelSource("absent", ("no_such_model_package",), "0" * 64), tmp_path)
