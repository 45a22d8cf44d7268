"""Stand-in for workerd's entrypoint helper (a JS module in production), backed by the harness's Node side."""

from collections.abc import Generator
from typing import Any

import js

cloudflareWorkersModule: Any = js.posteHarness.cloudflareWorkers
cloudflareSocketsModule: Any = None


def doAnImport(module_name: str) -> Any:
    """A promise of the JS module, as workerd's helper returns (the harness knows `cloudflare:email`)."""
    return js.posteHarness.importModule(module_name)


def patch_env_helper(kwds: Any) -> Generator[None]:
    yield


def patchWaitUntil(ctx: Any) -> None:
    return None
