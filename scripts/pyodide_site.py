"""The Worker's Python packages, as production ships them: locked, downloaded as Pyodide wheels, unpacked.

    python3 scripts/pyodide_site.py lock           # resolve the Worker's closure for the lane -> workers-lock.toml
    python3 scripts/pyodide_site.py build          # the harness's site-packages from the locked wheels (cached)
    python3 scripts/pyodide_site.py path           # the site-packages folder the harness mounts
    python3 scripts/pyodide_site.py constraints    # name==version lines, for UV_CONSTRAINT in deploy
    python3 scripts/pyodide_site.py verify-vendor python_modules [pylock.toml]   # deploy: vendored = locked

`lock` and the first `build` need the package registry, like any install; `build` is then cached under
.cache/pyodide-site/<hash of the lock>/.

`pywrangler sync` resolves the same requirements against the Pyodide package index, which these machines cannot reach;
the lock is resolved from PyPI's wheels for the lane's platform tag instead, and the deploy workflow pins pywrangler's
resolution to it (UV_CONSTRAINT) and checks what it vendored against it before deploying.

Standard library only: it runs before any virtual environment exists (bootstrap, deploy).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "workers-lock.toml"
CACHE = ROOT / ".cache" / "pyodide-site"

# The Python 3.14 Workers lane (compatibility_date >= 2026-09-08): Pyodide 314's platform tag and ABI.
PYTHON_VERSION = "3.14"
PLATFORM = "pyemscripten_2026_0_wasm32"
ABI = "cp314"
# What pywrangler adds to [project].dependencies: the runtime SDK (workers, asgi and the .pth import patches).
SDK_REQUIREMENT = "workers-runtime-sdk"
# Entries with this index exist only on the Pyodide package index: not downloadable here, so not checkable here.
PYODIDE_INDEX = "pyodide"


@dataclass(frozen=True)
class LockedWheel:
    name: str
    version: str
    wheel: str
    sha256: str
    size: int
    index: str

    @property
    def checkable_here(self) -> bool:
        return self.index != PYODIDE_INDEX


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path = LOCK) -> list[LockedWheel]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [LockedWheel(**entry) for entry in data["package"]]


def lock_key(path: Path = LOCK) -> str:
    """The cache key of a lock: the same bytes give the same site (harness/site.mjs computes it identically)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def site_root(path: Path = LOCK) -> Path:
    return CACHE / lock_key(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pip_command() -> list[str]:
    # uv's virtual environments have no pip: fall back on the interpreter they were made from, then bootstrap's.
    base = getattr(sys, "_base_executable", sys.executable)
    for python in (sys.executable, base, str(ROOT / ".tools" / "bin" / "python")):
        if (
            Path(python).exists()
            and subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0
        ):
            return [python, "-m", "pip"]
    raise SystemExit("pip is needed to download the Pyodide wheels: run with a Python that has pip")


def written(lines: list[str]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
        return handle.name


def pip_download(
    requirements: list[str], destination: Path, *, no_deps: bool, require_hashes: bool, constraints: list[str] = ()
) -> None:
    requirements_file = written(requirements)
    constraints_file = written(list(constraints))
    command = [
        *pip_command(),
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "--only-binary=:all:",
        f"--platform={PLATFORM}",
        f"--python-version={PYTHON_VERSION}",
        "--implementation=cp",
        f"--abi={ABI}",
        "--dest",
        str(destination),
        "--requirement",
        requirements_file,
        "--constraint",
        constraints_file,
    ]
    if no_deps:
        command.append("--no-deps")
    if require_hashes:
        command.append("--require-hashes")
    try:
        subprocess.run(command, check=True)
    finally:
        Path(requirements_file).unlink()
        Path(constraints_file).unlink()


def wheel_name_and_version(filename: str) -> tuple[str, str]:
    name, version = filename.split("-")[:2]
    return normalize(name), version


def project_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], SDK_REQUIREMENT]


def uv_locked_versions() -> list[str]:
    """uv.lock's versions, as constraints: the CPython environment and the Worker then run the same versions."""
    packages = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))["package"]
    return [f"{package['name']}=={package['version']}" for package in packages if "version" in package]


def lock() -> None:
    """Resolves the Worker's closure for the lane from PyPI (at uv.lock's versions) and writes workers-lock.toml."""
    previous = {entry.name: entry for entry in read_lock()} if LOCK.exists() else {}
    with tempfile.TemporaryDirectory() as folder:
        downloads = Path(folder)
        pip_download(
            project_requirements(), downloads, no_deps=False, require_hashes=False, constraints=uv_locked_versions()
        )
        entries = []
        for wheel in sorted(downloads.glob("*.whl")):
            name, version = wheel_name_and_version(wheel.name)
            entries.append(LockedWheel(name, version, wheel.name, sha256_of(wheel), wheel.stat().st_size, "pypi"))
    # Entries only the Pyodide index has are kept as they were: they cannot be resolved here.
    entries += [entry for entry in previous.values() if not entry.checkable_here]
    lines = [
        "# What the Worker ships: [project].dependencies and the runtime SDK, resolved for the Python 3.14 Workers",
        f"# lane (platform {PLATFORM}, ABI {ABI}) at uv.lock's versions.",
        "# Written by `python3 scripts/pyodide_site.py lock`; do not edit by hand.",
        "# The Workers harness loads exactly these wheels (checked by hash); deploy pins pywrangler to these versions.",
        '# index = "pyodide" marks a wheel only the Pyodide package index serves: it cannot be checked on a machine',
        "# without that index, and the harness lists it as unchecked.",
        "",
        "[lane]",
        f'python = "{PYTHON_VERSION}"',
        f'platform = "{PLATFORM}"',
        f'abi = "{ABI}"',
        "requirements = [" + ", ".join(json.dumps(r) for r in project_requirements()) + "]",
    ]
    for entry in sorted(entries, key=lambda e: e.name):
        lines += [
            "",
            "[[package]]",
            f'name = "{entry.name}"',
            f'version = "{entry.version}"',
            f'wheel = "{entry.wheel}"',
            f'sha256 = "{entry.sha256}"',
            f"size = {entry.size}",
            f'index = "{entry.index}"',
        ]
    LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{LOCK.name}: {len(entries)} wheels")


def lock_is_current() -> list[str]:
    """Differences between the lock's recorded requirements and pyproject.toml's (empty when current)."""
    recorded = tomllib.loads(LOCK.read_text(encoding="utf-8"))["lane"]["requirements"]
    wanted = project_requirements()
    return sorted(set(recorded) ^ set(wanted))


def build() -> Path:
    """Downloads the locked wheels (hash-checked by pip, then again here) and unpacks them into the cached site."""
    stale = lock_is_current()
    if stale:
        raise SystemExit(
            f"workers-lock.toml does not match pyproject.toml ({', '.join(stale)}): "
            "run `python3 scripts/pyodide_site.py lock`"
        )
    root = site_root()
    site = root / "site-packages"
    if (root / "complete").exists():
        return site
    entries = [entry for entry in read_lock() if entry.checkable_here]
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=CACHE))  # same file system: the rename is atomic
    try:
        wheels = staging / "wheels"
        pip_download(
            [f"{e.name}=={e.version} --hash=sha256:{e.sha256}" for e in entries],
            wheels,
            no_deps=True,
            require_hashes=True,
        )
        for entry in entries:
            wheel = wheels / entry.wheel
            if not wheel.exists() or sha256_of(wheel) != entry.sha256:
                raise SystemExit(f"{entry.wheel}: not the locked wheel")
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(staging / "site-packages")
        (staging / "complete").write_text(LOCK.name + "\n", encoding="utf-8")
        if root.exists():
            shutil.rmtree(root)
        staging.rename(root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return site


def installed_distributions(site: Path) -> dict[str, str]:
    """name -> version of every distribution unpacked or installed in a site-packages folder."""
    found = {}
    for info in site.glob("*.dist-info"):
        name, version = info.name[: -len(".dist-info")].rsplit("-", 1)
        found[normalize(name)] = version
    return found


def verify_vendor(vendor: Path, pylock: Path | None) -> int:
    """Deploy-time check: what `pywrangler sync` vendored is what the lock says, i.e. what the harness ran."""
    locked = {entry.name: entry for entry in read_lock()}
    vendored = installed_distributions(vendor)
    problems = [f"{name} is vendored but not locked" for name in sorted(set(vendored) - set(locked))]
    problems += [f"{name} is locked but not vendored" for name in sorted(set(locked) - set(vendored))]
    problems += [
        f"{name}: vendored {vendored[name]}, locked {locked[name].version}"
        for name in sorted(set(vendored) & set(locked))
        if vendored[name] != locked[name].version
    ]
    unverified = []
    if pylock is not None and pylock.exists():
        resolved = tomllib.loads(pylock.read_text(encoding="utf-8")).get("packages", [])
        for package in resolved:
            entry = locked.get(normalize(package["name"]))
            if entry is None:
                continue
            wheels = package.get("wheels", [])
            files = {Path(w.get("name") or w.get("url") or w.get("path", "")).name: w for w in wheels}
            same_file = files.get(entry.wheel)
            if same_file is None:
                unverified.append(f"{entry.name} {entry.version}: pywrangler resolved another file than {entry.wheel}")
            elif same_file.get("hashes", {}).get("sha256") not in (None, entry.sha256):
                problems.append(f"{entry.wheel}: sha256 differs from the lock")
    for line in unverified:
        print(f"::warning::{line} (from the Pyodide package index; not the wheel the harness ran)")
    for line in problems:
        print(f"::error::{line}")
    print(f"vendored {len(vendored)} distributions; {len(problems)} problems; {len(unverified)} unverified")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "lock":
        lock()
    elif command == "build":
        print(build())
    elif command == "path":
        print(site_root() / "site-packages")
    elif command == "constraints":
        print("\n".join(f"{e.name}=={e.version}" for e in read_lock()))
    elif command == "verify-vendor":
        return verify_vendor(Path(argv[1]), Path(argv[2]) if len(argv) > 2 else None)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
