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

// wrangler.toml's [[send_email]] tables ({name, destination_address?, allowed_destination_addresses?,
// allowed_sender_addresses?}), so Miniflare's binding restricts what production's restricts. Values are TOML
// strings and arrays of strings, which read as JSON.
export function sendEmailBindings(root) {
  const text = readFileSync(join(root, "wrangler.toml"), "utf8");
  const bindings = [];
  let current = null;
  for (const line of text.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim())) {
    if (line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      current = line === "[[send_email]]" ? {} : null;
      if (current) bindings.push(current);
    } else if (current && line.includes("=")) {
      const [key, ...value] = line.split("=");
      current[key.trim()] = JSON.parse(value.join("=").trim());
    }
  }
  return bindings;
}
