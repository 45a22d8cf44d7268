// Stages what the Worker ships into build/worker/: src/entry.py and the packages a Worker imports, nothing else;
// and, run as wrangler's build command, builds the web app into public/ (the [assets] directory) when it is stale.
//
//   node scripts/stage_worker.mjs [outDir]     (wrangler's [build] command runs it before every deploy, dry run or dev)
//
// wrangler uploads every **/*.py under the folder of `main` and accepts no Python rule of our own, so `main` points
// here rather than at src/, which also holds src/local/ (the CPython runtime: SQLite, SMTP, uvicorn, the CLI) that
// Workers never import. The Workers harness imports the application from a folder staged by the same function, so
// a Worker module that imports something left out fails there.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWebIfStale } from "./build_web.mjs";

export const WORKER_PACKAGES = ["cf", "d1", "domain", "handlers", "services"];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function* pythonFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== "__pycache__") yield* pythonFiles(path);
    else if (entry.isFile() && entry.name.endsWith(".py")) yield path;
  }
}

export function stageWorker(outDir = join(ROOT, "build", "worker"), src = join(ROOT, "src")) {
  rmSync(outDir, { recursive: true, force: true });
  const staged = [];
  const sources = [join(src, "entry.py"), ...WORKER_PACKAGES.flatMap((name) => [...pythonFiles(join(src, name))])];
  for (const source of sources) {
    const name = relative(src, source);
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    copyFileSync(source, join(outDir, name));
    staged.push(name);
  }
  return staged.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const staged = stageWorker(outDir);
  console.log(`staged ${staged.length} Python modules for the Worker`);
  const web = await buildWebIfStale();
  console.log(web.fresh ? "the web app in public/ is up to date" : `built the web app into public/ (${web.files} files)`);
}
