"""The harness's stand-in for the Workers runtime's `_cloudflare` package (written by workerd into site-packages).

Production has it, so the runtime SDK's `.pth` loader applies its package patches (run sync code inline, count the
entropy some packages draw at import); the harness provides the same interface so that the same patches apply:
- `allow_entropy`: the counted allowance of import-time entropy, enforced by the Node-side gate (entropy.mjs);
- `import_patch_manager`: the import hook running a module's creation or execution inside a registered context;
- `lifecycle`: the two phases of an isolate — the top level (the deploy snapshot), then requests.
"""
