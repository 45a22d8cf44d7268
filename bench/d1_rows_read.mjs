// Rows read as D1 bills them: replays recorded statements through Miniflare's D1 binding (workerd's SQLite, the
// engine D1 runs on) and reports the `meta.rows_read` of each.
//
//   node bench/d1_rows_read.mjs init PERSIST_DIR          → prints the path of the database file Miniflare uses
//   node bench/d1_rows_read.mjs replay PERSIST_DIR < calls.json
//     calls.json: {"endpoint": [[ [sql, params], … ] per round trip, …], …}
//     → {"endpoint": {"rows_read": n, "rows_written": n, "statements": n}, …}
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";

const [mode, persist] = process.argv.slice(2);
const WORKER = "export default { fetch() { return new Response('bench'); } };";

async function open() {
  const mf = new Miniflare({
    modules: true, script: WORKER, compatibilityDate: "2025-09-01", d1Databases: ["DB"], d1Persist: persist,
  });
  return { mf, db: (await mf.getBindings()).DB };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function replay(db, roundTrips) {
  const total = { rows_read: 0, rows_written: 0, statements: 0 };
  for (const statements of roundTrips) {
    const prepared = statements.map(([sql, params]) => db.prepare(sql).bind(...params));
    const results = prepared.length === 1 ? [await prepared[0].all()] : await db.batch(prepared);
    for (const result of results) {
      total.rows_read += result.meta.rows_read;
      total.rows_written += result.meta.rows_written;
      total.statements += 1;
    }
  }
  return total;
}

const { mf, db } = await open();
try {
  if (mode === "init") {
    await db.prepare("SELECT 1").all();
    const folder = join(persist, "miniflare-D1DatabaseObject");
    const file = readdirSync(folder).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
    console.log(join(folder, file));
  } else {
    const calls = await readStdin();
    const out = {};
    for (const [endpoint, roundTrips] of Object.entries(calls)) out[endpoint] = await replay(db, roundTrips);
    console.log(JSON.stringify(out));
  }
} finally {
  await mf.dispose();
}
