// The Workers harness: Pyodide 314 (the Python 3.14 Workers interpreter) + the Worker's locked Pyodide wheels
// (workers-lock.toml, with the workers-runtime-sdk) + Miniflare's local D1/KV/R2/Queue bindings. Imports entry.py
// at the top level under the runtime SDK's patches, then runs every contract test against the Cloudflare adapters,
// every API test through entry.py's fetch, and the entry.py glue checks, and writes one JSON report.
//
//   node --experimental-wasm-jspi tests/workers/harness/run.mjs [--shard k/N] [--only TEXT] [<report.json>]
//
// With --shard, only shard k of N runs (py/shards.py splits the checks, by estimated cost): tests/workers runs the
// shards as separate processes, side by side. Without, all of it (1/1). --only (a developer's run, never used by
// tests/workers) runs only the checks whose name holds TEXT, e.g. `--only test_transcriber_workers`.
//
// Offline by construction: Pyodide loads its stdlib from node_modules and never fetches a package; the packages
// are the wheels production ships, downloaded once by `scripts/bootstrap pyodide` into .cache/pyodide-site/.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadPyodide } from "pyodide";
import { disposePool, freshBindings, SendEmail } from "./bindings.mjs";
import { compatibility, sendEmailBindings } from "./compat.mjs";
import { installEntropyGate } from "./entropy.mjs";
import * as fakes from "./fakes.mjs";
import { stageWorker } from "../../../scripts/stage_worker.mjs";
import { lockedSite } from "./site.mjs";
import { WorkerdCrypto } from "./workerd_crypto.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../../..");

function mount(pyodide, hostPath, fsPath) {
  pyodide.FS.mkdirTree(fsPath);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: hostPath }, fsPath);
}

// The JS modules a Python Worker may import at request time (`workers.import_from_javascript`), as workerd resolves
// them. `cloudflare:email` is Miniflare's own (what `wrangler dev` gives workerd).
const JS_MODULES = {
  "cloudflare:email": async () => {
    const url = pathToFileURL(join(ROOT, "node_modules/miniflare/dist/src/workers/email/email.worker.js"));
    return { EmailMessage: (await import(url.href)).default.EmailMessage };
  },
};

async function importModule(name) {
  if (!(name in JS_MODULES)) throw new Error(`No such module "${name}"`);
  return JS_MODULES[name]();
}

function parseArguments(args) {
  let shard = "1/1";
  let only = "";
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--shard") shard = args[++i];
    else if (args[i] === "--only") only = args[++i];  // a developer's run: the checks whose name holds this
    else if (args[i].startsWith("--shard=")) shard = args[i].slice("--shard=".length);
    else positional.push(args[i]);
  }
  if (!/^\d+\/\d+$/.test(shard ?? "")) throw new Error(`--shard takes k/N, not ${shard}`);
  return { reportPath: positional[0], shard, only };
}

async function main() {
  // Production runs Python Workers with JSPI (`run_sync`, hence `import_from_javascript` in a request); Node 24
  // needs the V8 flag for it.
  if (typeof WebAssembly.Suspending !== "function") {
    throw new Error("JSPI is off: run the harness as `node --experimental-wasm-jspi run.mjs`");
  }
  const { reportPath, shard, only } = parseArguments(process.argv.slice(2));
  const started = Date.now();
  const output = [];
  const { site, key: siteKey } = lockedSite(ROOT);
  const compat = compatibility(ROOT);
  const sendEmail = sendEmailBindings(ROOT);
  const entropy = installEntropyGate();
  const pyodide = await loadPyodide({
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });

  // The application as the Worker ships it (wrangler's build stages the same folder): src/local/ is not there.
  const worker = mkdtempSync(join(tmpdir(), "poste-worker-"));
  stageWorker(worker);
  mount(pyodide, worker, "/app/src");
  mount(pyodide, join(ROOT, "migrations"), "/app/migrations");
  mount(pyodide, join(ROOT, "tests", "contract"), "/app/tests/contract");
  mount(pyodide, join(ROOT, "tests", "api"), "/app/tests/api");
  // The API tests' route table seeds transcriptions with the scripted transcriber (a file of its own beside them).
  const scripted = "scripted_transcriber.py";
  pyodide.FS.writeFile(`/app/tests/${scripted}`, readFileSync(join(ROOT, "tests", scripted)));
  mount(pyodide, HERE, "/app/harness");
  mount(pyodide, site, "/app/site");

  const waitUntilPromises = [];
  const workerdCrypto = new WorkerdCrypto(compat.date);
  globalThis.posteHarness = {
    freshBindings: (names) => freshBindings(new Set(names), join(ROOT, "migrations"), compat.date, sendEmail),
    importModule,
    unwrappedSendEmail: (binding) => new SendEmail(binding),
    entropy,
    compat,
    cloudflareWorkers: {
      env: {},
      waitUntil: (promise) => { waitUntilPromises.push(promise); },
    },
    settleWaitUntil: async () => { await Promise.allSettled(waitUntilPromises.splice(0)); },
    fakes,
    workerdCrypto,
  };

  const runner = await pyodide.runPythonAsync(`
import sys
sys.dont_write_bytecode = True  # the mounted folders are the host's: leave no Pyodide bytecode in them
sys.path[:0] = ["/app/harness/py", "/app/src", "/app", "/app/site"]
import runner
runner
`);
  const report = JSON.parse(await runner.run_all(shard, only));
  await workerdCrypto.dispose();
  await disposePool();
  report.pyodide = pyodide.version;
  report.site = siteKey;
  report.compatibility = compat;
  report.python = pyodide.runPython("import sys; sys.version.split()[0]");
  report.seconds = (Date.now() - started) / 1000;
  report.output = output.slice(-200);
  rmSync(worker, { recursive: true, force: true });
  const text = JSON.stringify(report, null, 2);
  if (reportPath) await writeFile(reportPath, text);
  else console.log(text);
  const failed = report.results.filter((r) => r.outcome !== "passed").length;
  console.error(`workers harness ${shard}: ${report.results.length - failed} passed, ${failed} failed in ${report.seconds}s`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
