"""An isolate's two phases, as the Workers runtime runs them (not part of production's `_cloudflare`).

1. The top level (what the deploy snapshot captures): entropy is refused unless the runtime SDK allows a counted
   number of draws, and modules the SDK patches are imported under their patch. The SDK's `.pth` loader runs first,
   as `site.addsitedir` runs it in production (compatibility flag python_process_pth_files).
2. Requests: the import hook is removed (a module first imported now is not patched), blocked modules are released,
   entropy is free, and the handlers registered for "after the snapshot" and "before the first request" run.
"""

from __future__ import annotations

import site

from _cloudflare import import_patch_manager
from _cloudflare.allow_entropy import gate


def begin_top_level(site_packages: str) -> None:
    gate().inRequest = False
    import_patch_manager.install()
    site.addsitedir(site_packages)  # runs _workers_sdk_patch_loader.pth: the SDK registers its patches


def begin_requests() -> None:
    registry = import_patch_manager.REGISTRY
    import_patch_manager.remove()
    gate().inRequest = True
    gate().allowed = 0
    for handler in [*registry.after_snapshot, *registry.before_first_request]:
        handler()


def report() -> dict[str, object]:
    state = gate()
    return {
        "sdk_patches_registered": sorted(import_patch_manager.REGISTRY.patches),
        "imported_under_a_patch": list(import_patch_manager.REGISTRY.patched),
        "entropy_granted_at_top_level": int(state.granted),
        "entropy_refused_at_top_level": int(state.refused),
    }
