// Import cost under the production interpreter (Pyodide 314, the Python 3.14 Workers lane), as a Worker's top level
// pays it: the locked wheels, the runtime SDK's import patches and the entropy gate, the modules as wrangler ships
// them. Each run is a fresh interpreter; prints one JSON line per scenario (run by bench/import_time.py).
//
//   node bench/pyodide_import.mjs [runs]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { stageWorker } from "../scripts/stage_worker.mjs";
import { compatibility } from "../tests/workers/harness/compat.mjs";
import { installEntropyGate } from "../tests/workers/harness/entropy.mjs";
import { lockedSite } from "../tests/workers/harness/site.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// entry.py's own imports, without the API app (handlers.api.app) that entry.py builds at its top level.
const ENTRY_WITHOUT_THE_APP = `
import js
from pyodide.ffi import to_js
from workers import DurableObject, Response, WorkerEntrypoint, asgi
import cf._convert, cf.context, cf.queue
import handlers.email, handlers.jobs, handlers.realtime, handlers.scheduled
import services.context, services.job_registry, services.ports
`;

export const SCENARIOS = {
  "bare FastAPI app (import fastapi + one route)": `
from fastapi import FastAPI
app = FastAPI()
@app.get("/api/health")
async def health():
    return {"ok": True}
`,
  "entry.py's closure without the API app": ENTRY_WITHOUT_THE_APP,
  "entry.py's closure with the FastAPI app built (= import entry)": "import entry\n",
};

const entropy = installEntropyGate();
const compat = compatibility(ROOT);
const { site } = lockedSite(ROOT);
const worker = mkdtempSync(join(tmpdir(), "poste-bench-worker-"));
stageWorker(worker);

async function measure(code) {
  entropy.inRequest = true;
  globalThis.posteHarness = { entropy, compat, cloudflareWorkers: { env: {}, waitUntil: () => {} } };
  const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  for (const [host, path] of [[worker, "/app/src"], [site, "/app/site"], [join(ROOT, "tests/workers/harness/py"), "/app/harness"]]) {
    pyodide.FS.mkdirTree(path);
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: host }, path);
  }
  pyodide.runPython(`
import sys
sys.dont_write_bytecode = True
sys.path[:0] = ["/app/harness", "/app/src", "/app/site"]
from _cloudflare import lifecycle
lifecycle.begin_top_level("/app/site")
before = len(sys.modules)
`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  pyodide.runPython(code);
  const wall = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const modules = pyodide.runPython("len(sys.modules) - before");
  return { wall_ms: wall, cpu_ms: (user + system) / 1000, modules, refused: entropy.refused };
}

const runs = Number(process.argv[2] ?? 3);
try {
  for (const [label, code] of Object.entries(SCENARIOS)) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(code));
    const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    console.log(JSON.stringify({ label, runs, wall_ms: median("wall_ms"), cpu_ms: median("cpu_ms"), modules: samples[0].modules }));
  }
} finally {
  rmSync(worker, { recursive: true, force: true });
}
