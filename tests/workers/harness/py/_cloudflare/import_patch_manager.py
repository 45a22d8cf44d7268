"""Runs a registered context around a module's creation or execution when it is imported during the top level.

The interface is the one the runtime SDK's patch modules register with (`register_exec_patch`, …). As in
production, the hook is removed before the first request: a module first imported during a request is not patched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

ContextFactory = Callable[[Any], AbstractContextManager[Any]]
Handler = Callable[[ModuleType], None]


@dataclass
class Patch:
    create: ContextFactory = nullcontext
    exec: ContextFactory = nullcontext
    after_snapshot: Handler | None = None
    before_first_request: Handler | None = None


@dataclass
class Registry:
    patches: dict[str, Patch] = field(default_factory=dict)
    after_snapshot: list[Callable[[], None]] = field(default_factory=list)
    before_first_request: list[Callable[[], None]] = field(default_factory=list)
    blocked: dict[str, ModuleType] = field(default_factory=dict)
    patched: list[str] = field(default_factory=list)  # what was imported under a patch, for the report
    in_request: bool = False


REGISTRY = Registry()


def _register(attribute: str, name: str, value: Any = None) -> Any:
    if value is None:
        return partial(_register, attribute, name)
    setattr(REGISTRY.patches.setdefault(name, Patch()), attribute, value)
    return value


def register_create_patch(name: str, context_manager: ContextFactory | None = None) -> Any:
    return _register("create", name, context_manager)


def register_exec_patch(name: str, context_manager: ContextFactory | None = None) -> Any:
    return _register("exec", name, context_manager)


def register_after_snapshot(name: str, handler: Handler | None = None) -> Any:
    return _register("after_snapshot", name, handler)


def register_before_first_request(name: str, handler: Handler | None = None) -> Any:
    return _register("before_first_request", name, handler)


class _PatchedLoader(Loader):
    def __init__(self, name: str, inner: Any, patch: Patch) -> None:
        self._name = name
        self._inner = inner
        self._patch = patch

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        with self._patch.create(spec):
            module: ModuleType | None = self._inner.create_module(spec)
            return module

    def exec_module(self, module: ModuleType) -> None:
        REGISTRY.patched.append(self._name)
        if self._patch.after_snapshot is not None:
            REGISTRY.after_snapshot.append(partial(self._patch.after_snapshot, module))
        if self._patch.before_first_request is not None:
            REGISTRY.before_first_request.append(partial(self._patch.before_first_request, module))
        with self._patch.exec(module):
            self._inner.exec_module(module)


class _PatchFinder(MetaPathFinder):
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> ModuleSpec | None:
        patch = REGISTRY.patches.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _PatchedLoader(fullname, spec.loader, patch)
                return spec
        return None


_FINDER = _PatchFinder()


def install() -> None:
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def remove() -> None:
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    REGISTRY.in_request = True
    for name, module in REGISTRY.blocked.items():
        sys.modules[name] = module


class _BlockedModule:
    """A module whose callables (but those allowed) refuse to run until requests begin."""

    def __init__(self, module: ModuleType, allowlist: tuple[str, ...]) -> None:
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "_allowlist", allowlist)

    def __getattribute__(self, name: str) -> Any:
        module = object.__getattribute__(self, "_module")
        value = getattr(module, name)
        if REGISTRY.in_request or not callable(value) or name in object.__getattribute__(self, "_allowlist"):
            return value

        def refused(*args: Any, **kwargs: Any) -> Any:
            if not REGISTRY.in_request:
                raise RuntimeError(f"Cannot use {module.__name__}.{name}() outside of request context")
            return value(*args, **kwargs)

        return refused

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_module"), name, value)


def block_calls(module: ModuleType, *, allowlist: tuple[str, ...] = ()) -> None:
    REGISTRY.blocked[module.__name__] = module
    sys.modules[module.__name__] = _BlockedModule(module, allowlist)  # type: ignore[assignment]
