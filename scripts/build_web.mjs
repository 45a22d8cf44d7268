// Builds the lawyers' web app from web/ into public/, the folder both runtimes serve as static assets.
//
//   node scripts/build_web.mjs              builds (esbuild: TypeScript + JSX, hashed bundles, code splitting)
//   node scripts/build_web.mjs --if-stale   builds only when web/, the lockfile or this script changed since the
//                                           last build (a digest of their contents, kept in build/web-build.json)
//
// public/ is build output (gitignored): web/public/ is copied into it as-is (_headers, the icon), the bundles go to
// public/assets/ under content-hashed names, and web/index.html gets the tags of what the page loads first (the
// entry's stylesheet, script, and a modulepreload for each chunk the entry imports statically). The HTML holds no
// inline script or style: the Content-Security-Policy in web/public/_headers allows neither.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const WEB = join(ROOT, "web");
export const PUBLIC = join(ROOT, "public");
export const STAMP = join(ROOT, "build", "web-build.json");
const ASSETS = "assets";
const MARKER = "<!-- build:assets -->";

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** A digest of everything the output depends on: the sources, the locked packages and this script. */
export function inputDigest() {
  const hash = createHash("sha256");
  const inputs = [...files(WEB), join(ROOT, "package-lock.json"), fileURLToPath(import.meta.url)];
  for (const path of inputs) {
    hash.update(relative(ROOT, path).split(sep).join("/")).update("\0").update(readFileSync(path)).update("\0");
  }
  return hash.digest("hex");
}

export function isStale(outDir = PUBLIC) {
  if (!existsSync(STAMP) || !existsSync(join(outDir, "index.html"))) return true;
  const stamp = JSON.parse(readFileSync(STAMP, "utf8"));
  return stamp.digest !== inputDigest() || stamp.outDir !== outDir;
}

/** The files a page fetches before it can run: the entry and, transitively, what it imports statically. */
function firstLoad(metafile, entryOutput) {
  const seen = new Set();
  const todo = [entryOutput];
  while (todo.length > 0) {
    const output = todo.pop();
    if (seen.has(output)) continue;
    seen.add(output);
    for (const imported of metafile.outputs[output].imports) {
      if (imported.kind === "import-statement" && !imported.external) todo.push(imported.path);
    }
  }
  return [...seen];
}

export async function buildWeb({ outDir = PUBLIC } = {}) {
  const esbuild = await import("esbuild");
  const digest = inputDigest();
  rmSync(outDir, { recursive: true, force: true });
  cpSync(join(WEB, "public"), outDir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { app: join(WEB, "src", "main.tsx") },
    outdir: join(outDir, ASSETS),
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    target: ["es2022", "chrome111", "firefox113", "safari16.4"],
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const outputs = result.metafile.outputs;
  const url = (path) => "/" + posix.relative(relative(ROOT, outDir).split(sep).join("/"), path);
  const [entry] = Object.keys(outputs).filter((path) => outputs[path].entryPoint !== undefined);
  const [script, ...chunks] = firstLoad(result.metafile, entry);
  const tags = [
    ...(outputs[entry].cssBundle ? [`<link rel="stylesheet" href="${url(outputs[entry].cssBundle)}">`] : []),
    ...chunks.map((chunk) => `<link rel="modulepreload" href="${url(chunk)}">`),
    `<script type="module" src="${url(script)}"></script>`,
  ];
  const template = readFileSync(join(WEB, "index.html"), "utf8");
  if (!template.includes(MARKER)) throw new Error(`web/index.html lacks the ${MARKER} marker`);
  writeFileSync(join(outDir, "index.html"), template.replace(MARKER, tags.join("\n  ")));
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ digest, outDir, entry: url(script), firstLoad: [script, ...chunks].map(url) }, null, 2));
  return { outDir, files: Object.keys(outputs).length };
}

export async function buildWebIfStale(options = {}) {
  const outDir = options.outDir ?? PUBLIC;
  if (!isStale(outDir)) return { outDir, files: 0, fresh: true };
  return { ...(await buildWeb({ outDir })), fresh: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes("--if-stale");
  const built = ifStale ? await buildWebIfStale() : await buildWeb();
  const where = relative(ROOT, built.outDir) || ".";
  console.log(built.fresh ? `web app in ${where}/ is up to date` : `built the web app into ${where}/ (${built.files} files)`);
}
