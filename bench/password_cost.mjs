// The cost of a password hash on the Workers side (run by bench/password_cost.py). Prints one JSON line per figure:
//
// 1. "pyodide": services.passwords.hash_password / verify_password under Pyodide 314 (the Workers lane's
//    interpreter, the modules as wrangler ships them) with the cf adapter; under Node, `crypto.subtle` is Node's
//    (OpenSSL), so this is the Python side's cost around a native PBKDF2.
// 2. "workerd": the same chain (6 × 100,000 PBKDF2-HMAC-SHA256) in workerd's own WebCrypto (BoringSSL), a Worker
//    in Miniflare: the CPU time the workerd process spent (from /proc, Linux), and the wall time of the call minus
//    an empty call's. This is what a Worker's CPU time pays in production for one hash or one check.
//
//   node bench/password_cost.mjs [runs]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { stageWorker } from "../scripts/stage_worker.mjs";
import { compatibility } from "../tests/workers/harness/compat.mjs";
import { lockedSite } from "../tests/workers/harness/site.mjs";
import { WorkerdCrypto } from "../tests/workers/harness/workerd_crypto.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[2] ?? 5);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function pyodideFigures() {
  const { site } = lockedSite(ROOT);
  const worker = mkdtempSync(join(tmpdir(), "poste-bench-worker-"));
  stageWorker(worker);
  try {
    const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
    for (const [host, path] of [[worker, "/app/src"], [site, "/app/site"]]) {
      pyodide.FS.mkdirTree(path);
      pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: host }, path);
    }
    await pyodide.runPythonAsync(`
import sys, types
sys.dont_write_bytecode = True
sys.path[:0] = ["/app/src", "/app/site"]
from cf.key_derivation import WebCryptoKeyDeriver
from services.context import AppSettings
from services.passwords import hash_password, verify_password
from services.system import UlidGenerator
# What the password services use of the context, as cf.context.build_context wires it (production's settings).
context = types.SimpleNamespace(keys=WebCryptoKeyDeriver(), ids=UlidGenerator(), settings=AppSettings())
PASSWORD = "Maître, l'audience est renvoyée au 14 avril"
stored = await hash_password(context, PASSWORD)
`);
    const hash = pyodide.runPython("lambda: hash_password(context, PASSWORD)");
    const verify = pyodide.runPython("lambda: verify_password(context, PASSWORD, stored)");
    for (const [label, call] of [["hash_password", hash], ["verify_password", verify]]) {
      const wall = [];
      const cpu = [];
      for (let i = 0; i < runs; i++) {
        const before = process.cpuUsage();
        const started = performance.now();
        await call();
        wall.push(performance.now() - started);
        const { user, system } = process.cpuUsage(before);
        cpu.push((user + system) / 1000);
      }
      console.log(JSON.stringify({ where: "pyodide", label, runs, wall_ms: median(wall), cpu_ms: median(cpu) }));
    }
  } finally {
    rmSync(worker, { recursive: true, force: true });
  }
}

// CPU time (ms) of this process's workerd children so far, or null where /proc cannot tell.
function workerdCpuMs() {
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      let stat;
      try { stat = readFileSync(`/proc/${pid}/stat`, "utf8"); } catch { continue; }
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (command === "workerd" && Number(fields[1]) === process.pid) {
        ticks += Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (USER_HZ = 100)
        found = true;
      }
    }
  } catch { return null; }
  return found ? ticks * 10 : null;
}

async function workerdFigures() {
  const workerd = new WorkerdCrypto(compatibility(ROOT).date);
  try {
    const password = Buffer.from("Maître, l'audience est renvoyée au 14 avril").toString("base64");
    const salt = Buffer.alloc(16, 7).toString("base64");
    await workerd.pbkdf2Chain(password, salt, 1); // start the Worker
    const noop = [];
    for (let i = 0; i < runs; i++) noop.push(await workerd.noopMs());
    const chain = [];
    const cpuBefore = workerdCpuMs();
    for (let i = 0; i < runs; i++) {
      const result = await workerd.pbkdf2Chain(password, salt, 100_000, 6);
      if (!result.ok) throw new Error(result.error);
      chain.push(result.ms);
    }
    const cpuAfter = workerdCpuMs();
    const cpu = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / runs;
    const label = "6 × 100,000 PBKDF2 (a hash or a check)";
    console.log(JSON.stringify({ where: "workerd", label, runs, wall_ms: median(chain) - median(noop), cpu_ms: cpu }));
  } finally {
    await workerd.dispose();
  }
}

await pyodideFigures();
await workerdFigures();
