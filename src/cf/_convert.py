"""Conversions at the JS boundary that the SDK's binding wrappers leave to the caller.

The SDK (`workers.rpc._BindingWrapper`) converts arguments and plain-object results, but objects nested in a
result (an `R2Object` inside a listing, a `Date`) can still arrive as JS proxies, and JS `null` as `jsnull`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pyodide import ffi
from pyodide.ffi import JsProxy

# JS null arrives as `jsnull` (Pyodide 0.28); older Pyodide releases, like the CPython stand-in, have no such value.
_JSNULL: Any = getattr(ffi, "jsnull", None)


def js_options(options: dict[str, Any], target: Any) -> Any:
    """`options` as a JS object when `target` is a JS proxy (whose methods take plain objects), unchanged for the
    SDK's Python wrappers (which convert their arguments themselves)."""
    if not isinstance(target, JsProxy):
        return options
    import js  # only under Pyodide: a JS proxy exists only there

    return ffi.to_js(options, dict_converter=js.Object.fromEntries)


def is_missing(value: Any) -> bool:
    return value is None or value is _JSNULL


def plain(value: Any) -> Any:
    """A JS value (or an already converted one) as plain Python: dict, list, str, int, float, bool, None."""
    if is_missing(value):
        return None
    if isinstance(value, JsProxy):
        if _constructor_name(value) == "Date":
            return utc_datetime(value)
        converted = value.to_py()
        return converted if isinstance(converted, JsProxy) else plain(converted)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, memoryview):
        return value.tobytes()
    return value


def utc_datetime(value: Any) -> datetime:
    """A JS `Date` (proxy) or the SDK's naive conversion of one (Workers run on UTC) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromtimestamp(float(value.getTime()) / 1000, UTC)


def iso_utc(value: Any) -> str:
    return utc_datetime(value).isoformat().replace("+00:00", "Z")


def field(obj: Any, name: str) -> Any:
    """Reads one property of a JS object, whether wrapped by the SDK, a raw proxy or a converted dict."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _constructor_name(value: JsProxy) -> str | None:
    constructor = getattr(value, "constructor", None)
    return getattr(constructor, "name", None) if constructor is not None else None
