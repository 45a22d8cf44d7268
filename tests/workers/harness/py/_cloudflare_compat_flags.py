"""Stand-in for workerd's compatibility-flag module: each flag the runtime SDK reads, on or off as production sets
it for wrangler.toml's compatibility_date and compatibility_flags (run.mjs passes both in `posteHarness.compat`).

A flag the table does not know is recorded (the report lists it and tests/workers fails), so a new SDK release that
reads a new flag cannot silently run here with a value production does not give it.
"""

from typing import Any

import js

# flag -> the compatibility date from which production turns it on without being asked (its enable date, or the
# date after which `python_workers` implies it), as workerd 1.20261117.1's compatibility-date schema declares them.
ON_BY_DEFAULT_FROM = {
    "python_request_headers_preserve_commas": "2026-02-17",
    "python_workflows_implicit_dependencies": "2026-02-25",
    "python_process_pth_files": "2026-05-26",
    "python_workers_314": "2026-09-08",
}
UNKNOWN_FLAGS_READ: list[str] = []


def is_on(name: str, compat: Any) -> bool:
    flags = {str(flag) for flag in compat.flags}
    if name in flags:
        return True
    if name not in ON_BY_DEFAULT_FROM:
        UNKNOWN_FLAGS_READ.append(name)
        return False
    return str(compat.date) >= ON_BY_DEFAULT_FROM[name]


def __getattr__(name: str) -> bool:
    if name.startswith("__"):
        raise AttributeError(name)
    return is_on(name, js.posteHarness.compat)
