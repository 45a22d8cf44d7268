// wrangler.toml's compatibility date and flags: they set Miniflare's and the runtime SDK's flags as production's.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function compatibility(root) {
  const text = readFileSync(join(root, "wrangler.toml"), "utf8");
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(text)?.[1] ?? "";
  if (!date) throw new Error("wrangler.toml has no compatibility_date");
  return { date, flags: [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]) };
}
