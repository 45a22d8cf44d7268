// Serves a built assets folder with Cloudflare's own asset worker (Miniflare: the same parser of `_headers`, the
// same rules engine, the same single-page-application fallback as production) and prints, as JSON, the status and
// headers of each path asked for, and what the parser warned about the folder's `_headers`.
//
//   node tests/workers/assets_probe.mjs <assets dir> <path>...
//
// A stand-in Worker answers /api/* (wrangler.toml's run_worker_first), to show which answers the assets' rules
// reach and which they do not.
import { Log, LogLevel, Miniflare } from "miniflare";

const [directory, ...paths] = process.argv.slice(2);
const warnings = [];

class Collecting extends Log {
  constructor() {
    super(LogLevel.WARN);
  }
  warn(message) {
    warnings.push(String(message));
  }
  error(message) {
    warnings.push(String(message?.stack ?? message));
  }
}

const mf = new Miniflare({
  log: new Collecting(),
  cf: false, // offline: no download of the Request.cf placeholder
  modules: true,
  compatibilityDate: "2026-09-08",
  script: `export default { fetch() { return Response.json({ from: "worker" }); } };`,
  assets: {
    directory,
    binding: "ASSETS",
    routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: false, static_routing: { user_worker: ["/api/*"] } },
    assetConfig: { not_found_handling: "single-page-application", html_handling: "auto-trailing-slash" },
  },
});

try {
  const answers = {};
  for (const path of paths) {
    const response = await mf.dispatchFetch(`https://iapostemanager.example${path}`, {
      headers: { "Sec-Fetch-Mode": "navigate", Accept: "text/html" },
      redirect: "manual",
    });
    await response.arrayBuffer();
    answers[path] = { status: response.status, headers: Object.fromEntries(response.headers) };
  }
  console.log(JSON.stringify({ answers, warnings }));
} finally {
  await mf.dispose();
}
