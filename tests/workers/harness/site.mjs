// The site-packages folder the harness mounts: the Pyodide wheels of workers-lock.toml, unpacked by
// `python3 scripts/pyodide_site.py build` (scripts/bootstrap pyodide) under a key derived from the lock's bytes.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function lockedSite(root) {
  const lock = join(root, "workers-lock.toml");
  const key = createHash("sha256").update(readFileSync(lock)).digest("hex").slice(0, 16);
  const site = join(root, ".cache", "pyodide-site", key, "site-packages");
  if (!existsSync(join(root, ".cache", "pyodide-site", key, "complete"))) {
    throw new Error(`the Pyodide site-packages of workers-lock.toml (${key}) is not built: run scripts/bootstrap pyodide`);
  }
  return { site, key };
}
