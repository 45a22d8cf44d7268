"""Imports src/entry.py's whole closure in a fresh interpreter that forbids clock reads, randomness and I/O, and
prints what happened as JSON. Stand-ins replace the modules that exist only on Workers (`js`, `pyodide`, `workers`).

The deploy snapshot runs top-level code once; anything read there would be frozen into every request, and
randomness at import raises on Workers. The standard library's own import-time reads (e.g. logging's start time)
are Pyodide's business: a first pass discovers which stdlib modules the closure needs, and they are imported
before the traps are set, so only the project's code and its third-party dependencies are judged. The randomness
the runtime SDK allows on Workers (a counted number of draws while the modules it patches execute, e.g.
opentelemetry's context keys) is allowed here while those modules execute; the Workers harness checks the counts.
"""

from __future__ import annotations

import datetime as datetime_module
import json
import os
import random
import subprocess
import sys
import time
import types
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ALLOWED_READ_ROOTS = tuple(str(p) for p in {Path(sys.prefix), Path(sys.base_prefix), ROOT / "src"})
violations: list[str] = []


def forbidden(name: str):
    def trap(*args, **kwargs):
        violations.append(name)
        raise RuntimeError(f"{name} called at import time")

    return trap


def modules_the_runtime_sdk_lets_draw_entropy() -> set[str]:
    """The modules the runtime SDK patches at import, read from the SDK itself through a recording `_cloudflare`."""
    registered: set[str] = set()

    def register(name, handler=None):
        registered.add(name)
        return handler if handler is not None else (lambda function: function)

    def handler_hook(name, handler=None):
        return handler if handler is not None else (lambda function: function)

    @contextmanager
    def allow_bad_entropy_calls(count):
        yield

    manager = types.ModuleType("_cloudflare.import_patch_manager")
    manager.register_exec_patch = manager.register_create_patch = register  # type: ignore[attr-defined]
    manager.register_after_snapshot = manager.register_before_first_request = handler_hook  # type: ignore[attr-defined]
    manager.block_calls = lambda module, allowlist=(): None  # type: ignore[attr-defined]
    entropy = types.ModuleType("_cloudflare.allow_entropy")
    entropy.allow_bad_entropy_calls = allow_bad_entropy_calls  # type: ignore[attr-defined]
    stand_ins = {"_cloudflare": types.ModuleType("_cloudflare"), manager.__name__: manager, entropy.__name__: entropy}
    sys.modules.update(stand_ins)
    try:
        import _workers_sdk_entropy_import_context  # noqa: F401 - registers through the stand-ins
    finally:
        for name in [*stand_ins, "_workers_sdk_entropy_import_context"]:
            sys.modules.pop(name, None)
    return registered


def allowed_while_sdk_patched_modules_execute(name: str, original, patched_modules: set[str]):
    def trap(*args, **kwargs):
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_globals.get("__name__") in patched_modules and frame.f_code.co_name == "<module>":
                return original(*args, **kwargs)
            frame = frame.f_back
        return forbidden(name)(*args, **kwargs)

    return trap


def audit(event: str, args: tuple) -> None:
    if event == "open":
        path, mode = str(args[0]), str(args[1] or "r")
        if any(flag in mode for flag in "wax+") or not path.startswith(ALLOWED_READ_ROOTS):
            violations.append(f"open {path} ({mode})")
    elif event.startswith(("socket.", "subprocess.", "os.system", "os.exec", "os.spawn")):
        violations.append(event)


class StandIn(types.ModuleType):
    """Any attribute is another stand-in; calling it or subclassing it works and does nothing."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {"__init__": lambda self, *a, **k: None})


def install_stand_ins() -> None:
    for name in ("js", "pyodide", "pyodide.ffi", "workers", "workers.asgi"):
        sys.modules[name] = StandIn(name)
    sys.modules["pyodide"].ffi = sys.modules["pyodide.ffi"]  # type: ignore[attr-defined]
    sys.modules["workers"].asgi = sys.modules["workers.asgi"]  # type: ignore[attr-defined]


class TrappedDate(datetime_module.date):
    today = classmethod(forbidden("date.today"))


class TrappedDatetime(datetime_module.datetime):
    now = classmethod(forbidden("datetime.now"))
    utcnow = classmethod(forbidden("datetime.utcnow"))
    today = classmethod(forbidden("datetime.today"))


def stdlib_modules_of_the_closure() -> list[str]:
    result = subprocess.run(
        [sys.executable, __file__, "--discover"], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(result.stdout)


def discover() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    install_stand_ins()
    import entry  # noqa: F401

    stdlib = sys.stdlib_module_names
    print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in stdlib)))


def main() -> None:
    import importlib

    for name in stdlib_modules_of_the_closure():
        importlib.import_module(name)
    sdk_patched = modules_the_runtime_sdk_lets_draw_entropy()
    sys.path.insert(0, str(ROOT / "src"))
    install_stand_ins()
    before = set(sys.modules)
    datetime_module.datetime = TrappedDatetime  # type: ignore[misc]
    datetime_module.date = TrappedDate  # type: ignore[misc]
    for name in ("time", "time_ns", "monotonic", "perf_counter", "localtime", "gmtime"):
        setattr(time, name, forbidden(f"time.{name}"))
    for name in ("random", "randint", "randrange", "choice", "getrandbits", "seed", "shuffle"):
        setattr(random, name, forbidden(f"random.{name}"))
    os.urandom = allowed_while_sdk_patched_modules_execute("os.urandom", os.urandom, sdk_patched)
    sys.addaudithook(audit)
    import entry  # noqa: F401 - the point of this probe

    imported = sorted(set(sys.modules) - before)
    print(json.dumps({"imported": len(imported), "violations": violations}))


if __name__ == "__main__":
    discover() if "--discover" in sys.argv else main()
