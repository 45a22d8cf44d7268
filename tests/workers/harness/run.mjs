// The Workers harness: Pyodide 0.28.3 (the Python Workers interpreter) + the workers-runtime-sdk installed in
// .venv + Miniflare's local D1/KV/R2/Queue bindings. Runs every contract test against the Cloudflare adapters,
// then the entry.py glue checks, and writes one JSON report.
//
//   node tests/workers/harness/run.mjs <report.json>
//
// Offline by construction: Pyodide loads its stdlib from node_modules and never fetches a package; pure-Python
// packages come from the project's virtual environment.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { freshBindings } from "./bindings.mjs";
import * as fakes from "./fakes.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../../..");
// Pure-Python distributions the tested code imports (the SDK itself, and what handlers/ need at import).
const SITE_PACKAGES_WANTED = ["workers", "tzdata", "dateutil", "six.py", "holidays"];

function sitePackages() {
  const lib = join(ROOT, ".venv", "lib");
  for (const name of existsSync(lib) ? readdirSync(lib) : []) {
    const candidate = join(lib, name, "site-packages");
    if (existsSync(join(candidate, "workers", "entrypoints.py"))) return candidate;
  }
  throw new Error("workers-runtime-sdk not found in .venv: run scripts/bootstrap python");
}

function mount(pyodide, hostPath, fsPath) {
  pyodide.FS.mkdirTree(fsPath);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: hostPath }, fsPath);
}

async function main() {
  const reportPath = process.argv[2];
  const started = Date.now();
  const output = [];
  const pyodide = await loadPyodide({
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });

  mount(pyodide, join(ROOT, "src"), "/app/src");
  mount(pyodide, join(ROOT, "migrations"), "/app/migrations");
  mount(pyodide, join(ROOT, "tests", "contract"), "/app/tests/contract");
  mount(pyodide, HERE, "/app/harness");
  const site = sitePackages();
  pyodide.FS.mkdirTree("/app/site");
  for (const name of SITE_PACKAGES_WANTED) {
    const host = join(site, name);
    if (!existsSync(host)) continue;
    if (statSync(host).isDirectory()) mount(pyodide, host, `/app/site/${name}`);
    else pyodide.FS.writeFile(`/app/site/${name}`, readFileSync(host));
  }

  const waitUntilPromises = [];
  globalThis.posteHarness = {
    freshBindings: (names) => freshBindings(new Set(names), join(ROOT, "migrations")),
    cloudflareWorkers: {
      env: {},
      waitUntil: (promise) => { waitUntilPromises.push(promise); },
    },
    settleWaitUntil: async () => { await Promise.allSettled(waitUntilPromises.splice(0)); },
    fakes,
  };

  const runner = await pyodide.runPythonAsync(`
import sys
sys.dont_write_bytecode = True  # src/ is the host's tree, mounted: leave no Pyodide bytecode in it
sys.path[:0] = ["/app/harness/py", "/app/src", "/app", "/app/site"]
import runner
runner
`);
  const report = JSON.parse(await runner.run_all());
  report.pyodide = pyodide.version;
  report.python = pyodide.runPython("import sys; sys.version.split()[0]");
  report.seconds = (Date.now() - started) / 1000;
  report.output = output.slice(-200);
  const text = JSON.stringify(report, null, 2);
  if (reportPath) await writeFile(reportPath, text);
  else console.log(text);
  const failed = report.results.filter((r) => r.outcome !== "passed").length;
  console.error(`workers harness: ${report.results.length - failed} passed, ${failed} failed in ${report.seconds}s`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
