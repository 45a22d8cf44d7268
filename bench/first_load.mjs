// What the web app's first page load costs in JavaScript: every script public/index.html loads before the app
// runs (its module script, its modulepreloads, and what they import statically, followed through the files
// themselves), with each file's size raw, gzip (level 9) and brotli (quality 11), and the total against the
// budget of 100 KB compressed. Chunks loaded on demand (the QR encoder) are listed apart.
//
//   node bench/first_load.mjs [--json]        (after the build: `node scripts/build_web.mjs --if-stale`)
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PUBLIC = join(ROOT, "public");
export const BUDGET_BYTES = 100 * 1000;

function sizes(path) {
  const bytes = readFileSync(join(PUBLIC, path));
  return {
    path,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export function firstLoad() {
  const html = readFileSync(join(PUBLIC, "index.html"), "utf8");
  const start = [
    ...html.matchAll(/<script type="module" src="([^"]+)"/g),
    ...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g),
  ].map((found) => found[1]);
  const seen = new Set();
  const todo = [...start];
  while (todo.length > 0) {
    const url = todo.pop();
    if (seen.has(url)) continue;
    seen.add(url);
    const code = readFileSync(join(PUBLIC, url), "utf8");
    // static imports only (`import{a}from"./x.js"`, `import"./x.js"`); `import("./x.js")` loads on demand
    for (const found of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) {
      todo.push(posix.join(posix.dirname(url), found[1]));
    }
  }
  const loaded = [...seen].sort().map((url) => sizes(url));
  const later = readdirSync(join(PUBLIC, "assets"))
    .filter((name) => name.endsWith(".js") && !seen.has(`/assets/${name}`))
    .sort()
    .map((name) => sizes(`/assets/${name}`));
  const total = (key) => loaded.reduce((sum, file) => sum + file[key], 0);
  return { loaded, later, total: { raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") }, budget: BUDGET_BYTES };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = firstLoad();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(report));
  } else {
    const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
    const line = (file) => `  ${file.path.padEnd(34)} ${kb(file.raw).padStart(9)} ${kb(file.gzip).padStart(9)} ${kb(file.brotli).padStart(9)}`;
    console.log(`  ${"first load (index.html)".padEnd(34)} ${"raw".padStart(9)} ${"gzip".padStart(9)} ${"brotli".padStart(9)}`);
    report.loaded.forEach((file) => console.log(line(file)));
    console.log(line({ path: "total", ...report.total }));
    console.log(`  budget: ${kb(BUDGET_BYTES)} compressed — ${report.total.gzip <= BUDGET_BYTES ? "within" : "OVER"}`);
    if (report.later.length > 0) {
      console.log("  loaded on demand:");
      report.later.forEach((file) => console.log(line(file)));
    }
  }
}
