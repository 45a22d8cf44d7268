// Miniflare's local bindings presented under the JS constructor names the production runtime gives them.
//
// The Workers SDK picks its Python wrapper (and so its conversions) from `binding.constructor.name`.
// `mf.getBindings()` returns proxies whose constructor name is meaningless, so each binding is forwarded
// through a class bearing the production name. The classes only forward: the behaviour is Miniflare's.
import { createHash, createHmac } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Miniflare } from "miniflare";

// The harness's own Worker: a consumer of every slot's JOBS queue that keeps what each queue receives until asked.
const WORKER = `
const received = {};
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/received") {
      const queue = url.searchParams.get("queue");
      return Response.json((received[queue] ?? []).splice(0));
    }
    return new Response("harness");
  },
  async queue(batch) {
    const kept = (received[batch.queue] ??= []);
    for (const message of batch.messages) { kept.push(message.body); message.ack(); }
  },
};
`;
const QUEUE = "iapostemanager-jobs";

export class D1PreparedStatement {
  #inner;
  constructor(inner) { this.#inner = inner; }
  get _inner() { return this.#inner; }
  bind(...values) { return new D1PreparedStatement(this.#inner.bind(...values)); }
  first(column) { return column === undefined ? this.#inner.first() : this.#inner.first(column); }
  all() { return this.#inner.all(); }
  run() { return this.#inner.run(); }
  raw(options) { return this.#inner.raw(options); }
}

export class D1Database {
  #inner;
  constructor(inner) { this.#inner = inner; }
  prepare(sql) { return new D1PreparedStatement(this.#inner.prepare(sql)); }
  batch(statements) { return this.#inner.batch(Array.from(statements, (s) => s._inner)); }
  exec(sql) { return this.#inner.exec(sql); }
}

export class KvNamespace {
  #inner;
  constructor(inner) { this.#inner = inner; }
  get(key, options) { return this.#inner.get(key, options); }
  getWithMetadata(key, options) { return this.#inner.getWithMetadata(key, options); }
  put(key, value, options) { return this.#inner.put(key, value, options); }
  delete(key) { return this.#inner.delete(key); }
  list(options) { return this.#inner.list(options); }
}

export class R2Object {
  constructor(source) {
    for (const name of ["key", "version", "size", "etag", "httpEtag", "checksums", "httpMetadata",
      "customMetadata", "range", "storageClass", "ssecKeyMd5"]) {
      this[name] = source[name];
    }
    this.uploaded = new Date(source.uploaded);
  }
}

export class R2ObjectBody extends R2Object {
  #data;
  constructor(source, data) { super(source); this.#data = data; this.bodyUsed = false; }
  async arrayBuffer() { this.bodyUsed = true; return this.#data.slice(0); }
  async bytes() { return new Uint8Array(await this.arrayBuffer()); }
  async text() { return new TextDecoder().decode(await this.arrayBuffer()); }
  async json() { return JSON.parse(await this.text()); }
}

export class R2MultipartUpload {
  #inner;
  constructor(inner) { this.#inner = inner; this.key = inner.key; this.uploadId = inner.uploadId; }
  uploadPart(partNumber, value, options) { return this.#inner.uploadPart(partNumber, value, options); }
  abort() { return this.#inner.abort(); }
  async complete(parts) { return new R2Object(await this.#inner.complete(parts)); }
}

export class R2Bucket {
  #inner;
  constructor(inner) { this.#inner = inner; }
  async head(key) { const found = await this.#inner.head(key); return found ? new R2Object(found) : null; }
  async get(key, options) {
    const found = await this.#inner.get(key, options);
    if (!found) return null;
    if (typeof found.arrayBuffer !== "function") return new R2Object(found); // a failed onlyIf precondition
    return new R2ObjectBody(found, await found.arrayBuffer());
  }
  async put(key, value, options) {
    const stored = await this.#inner.put(key, value, options);
    return stored ? new R2Object(stored) : null;
  }
  delete(keys) { return this.#inner.delete(keys); }
  async createMultipartUpload(key, options) {
    return new R2MultipartUpload(await this.#inner.createMultipartUpload(key, options));
  }
  resumeMultipartUpload(key, uploadId) {
    return new R2MultipartUpload(this.#inner.resumeMultipartUpload(key, uploadId));
  }
  async list(options) {
    const listing = await this.#inner.list(options);
    return { ...listing, objects: listing.objects.map((o) => new R2Object(o)) };
  }
}

export class WorkerQueue {
  #inner;
  constructor(inner) { this.#inner = inner; }
  send(body, options) { return this.#inner.send(body, options); }
  sendBatch(messages, options) { return this.#inner.sendBatch(messages, options); }
}

// Miniflare's EmailMessage constructor (the `cloudflare:email` module it gives workerd) keeps the raw message
// under this key.
const RAW_EMAIL = "EmailMessage::raw";

// The send_email binding. Locally (wrangler dev, Miniflare) it is a service binding to Miniflare's SendEmailBinding
// entrypoint, which workerd types as a `Fetcher`; production does not document its class, and cf/mailer.py works
// with the SDK's wrapper or without (glue.py checks both). Miniflare does the checking — the raw message must parse,
// carry a Message-ID, no Received header, a From matching the envelope sender, and obey the binding's
// destination and sender restrictions from wrangler.toml — then stores each message as an .eml file. This class
// records each message the binding took, and `sent()` returns them once each is found, byte for byte, among the
// files Miniflare stored.
export class Fetcher {
  #inner;
  #storedIn;
  #taken = [];
  constructor(inner, storedIn) { this.#inner = inner; this.#storedIn = storedIn; }
  async send(message) {
    const result = await this.#inner.send(message);
    this.#taken.push({ to: message.to, raw: message[RAW_EMAIL] });
    return result;
  }
  fetch() { throw new Error("a send_email binding has no fetch()"); }
  async sent() {
    const stored = await storedEmails(this.#storedIn);
    for (const { raw } of this.#taken) {
      if (!stored.includes(raw)) throw new Error("a message the binding took is not among the ones Miniflare stored");
    }
    return this.#taken.map(({ to, raw }) => ({ to, raw }));
  }
}

// The same binding presented without a class the SDK wraps (as production may present it).
export class SendEmail {
  #binding;
  constructor(binding) { this.#binding = binding; }
  send(message) { return this.#binding.send(message); }
  sent() { return this.#binding.sent(); }
}

async function storedEmails(root) {
  const found = [];
  const walk = async (folder) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith(".eml")) found.push(await readFile(path, "utf8"));
    }
  };
  await walk(root);
  return found;
}

// Workers AI cannot run offline: a scripted stand-in with the production constructor name.
// Each outcome is {response}, {result}, {error} or {delay_ms, …}; a response comes back as the binding answers
// text models, `{response: value}`, a result as is (speech recognition models answer their object). With a
// responder (`respondWith(fn)`, a Python function from the harness), each outcome is its answer to the call.
export class Ai {
  #script = [];
  #calls = [];
  #responder = null;
  script(outcomes) { this.#script.push(...outcomes); }
  respondWith(responder) { this.#responder = responder; }
  get calls() { return this.#calls; }
  async run(model, inputs, options) {
    this.#calls.push({ model, inputs: structuredClone(inputs), options: options ?? null });
    const outcome = this.#responder ? this.#responder(model, structuredClone(inputs)) : this.#script.shift();
    if (outcome === undefined) throw new Error(`AI: no scripted outcome left for ${model}`);
    if (outcome.delay_ms) await new Promise((resolve) => setTimeout(resolve, outcome.delay_ms));
    if (outcome.error !== undefined) throw new Error(outcome.error);
    if (outcome.result !== undefined) return outcome.result;
    return { response: outcome.response };
  }
}

// Splits a migration file into statements, keeping trigger bodies (BEGIN … END;) whole.
export function splitSql(text) {
  const statements = [];
  let current = "";
  let depth = 0;
  let i = 0;
  const flush = () => { if (current.trim()) statements.push(current.trim()); current = ""; };
  while (i < text.length) {
    const ch = text[i];
    if (ch === "-" && text[i + 1] === "-") { const end = text.indexOf("\n", i); i = end < 0 ? text.length : end; continue; }
    if (ch === "/" && text[i + 1] === "*") { const end = text.indexOf("*/", i + 2); i = end < 0 ? text.length : end + 2; continue; }
    if (ch === "'" || ch === '"' || ch === "`" || ch === "[") {
      const close = ch === "[" ? "]" : ch;
      let j = i + 1;
      while (j < text.length) { if (text[j] === close) { if (text[j + 1] === close && close !== "]") { j += 2; continue; } break; } j++; }
      current += text.slice(i, j + 1); i = j + 1; continue;
    }
    if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_]/.test(text[i - 1] ?? " ")) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))[0];
      const upper = word.toUpperCase();
      if (upper === "BEGIN" && /^\s*CREATE\b[\s\S]*\bTRIGGER\b/i.test(current)) depth++;
      else if (upper === "CASE" && depth > 0) depth++;
      else if (upper === "END" && depth > 0) depth--;
      current += word; i += word.length; continue;
    }
    if (ch === ";" && depth === 0) { flush(); i++; continue; }
    current += ch; i++;
  }
  flush();
  return statements;
}

const TRACKING_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

// Applies migrations/NNNN_name.sql through the D1 binding, each file atomically with its d1_migrations row.
export async function applyMigrations(db, directory) {
  await db.prepare(TRACKING_TABLE).run();
  const names = (await readdir(directory)).filter((n) => n.endsWith(".sql")).sort();
  const applied = [];
  for (const name of names) {
    const sql = await readFile(join(directory, name), "utf8");
    const statements = splitSql(sql).map((s) => db.prepare(s));
    statements.push(db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(name));
    await db.batch(statements);
    applied.push(name);
  }
  return applied;
}

// Applying the migrations through D1 takes one to several seconds per database (some 150 DDL statements), more
// than most checks. So they are applied once per process, through the D1 binding, to a template database, and each
// slot's database starts as a copy of its file: Miniflare keeps a D1 database as a Durable Object's SQLite file,
// named by the object's id as d1File() derives it (miniflare's durableObjectNamespaceIdFromName). Each check still
// gets a database of its own with every migration applied by D1, checked before it is handed out (so a change in
// Miniflare's naming fails loudly instead of handing out empty databases).
const D1_OBJECTS = "miniflare-D1DatabaseObject";
let template = null;

function d1File(persistFolder, databaseId) {
  const key = createHash("sha256").update(D1_OBJECTS).digest();
  const nameHmac = createHmac("sha256", key).update(databaseId).digest().subarray(0, 16);
  const hmac = createHmac("sha256", key).update(nameHmac).digest().subarray(0, 16);
  return join(persistFolder, D1_OBJECTS, `${Buffer.concat([nameHmac, hmac]).toString("hex")}.sqlite`);
}

async function migratedTemplate(migrationsDir, compatibilityDate) {
  if (template !== null) return template;
  const folder = mkdtempSync(join(tmpdir(), "poste-d1-"));
  const mf = new Miniflare({ modules: true, script: WORKER, compatibilityDate, d1Databases: { DB: "template" }, d1Persist: folder });
  try {
    const applied = await applyMigrations(new D1Database((await mf.getBindings()).DB), migrationsDir);
    template = { folder, file: d1File(folder, "template"), applied };
  } finally {
    await mf.dispose(); // workerd closes the file: what is not checkpointed yet is in its -wal, copied along
  }
  return template;
}

function copyDatabase(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  for (const suffix of ["", "-wal"]) {
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

// Starting workerd costs about a second, so one Miniflare serves SLOTS checks: it declares SLOTS sets of bindings
// (their own D1 database, KV namespace, R2 bucket, queue and send_email binding), and each check gets a set nobody
// used before — fresh storage, as with a new instance per check, at a fraction of the cost. The instance is
// replaced once its sets are used up.
const SLOTS = 40;
let pool = null;

function slotNames(prefix) {
  return Object.fromEntries(Array.from({ length: SLOTS }, (_, i) => [`${prefix}_${i}`, `${prefix.toLowerCase()}-${i}`]));
}

async function newPool(compatibilityDate, sendEmail, migrationsDir) {
  // Where Miniflare's send_email bindings store what they send (under email/<session>/email/<uuid>.eml), and the
  // slots' D1 databases (under d1/), each a copy of the migrated template.
  const folder = mkdtempSync(join(tmpdir(), "poste-pool-"));
  const { file } = await migratedTemplate(migrationsDir, compatibilityDate);
  for (const id of Object.values(slotNames("DB"))) copyDatabase(file, d1File(join(folder, "d1"), id));
  const queues = Array.from({ length: SLOTS }, (_, i) => `${QUEUE}-${i}`);
  const mailers = Array.from({ length: SLOTS }, (_, i) =>
    sendEmail.filter((binding) => binding.name === "MAILER").map((binding) => ({ ...binding, name: `MAILER_${i}` }))).flat();
  const mf = new Miniflare({
    modules: true,
    script: WORKER,
    compatibilityDate,
    d1Databases: slotNames("DB"),
    d1Persist: join(folder, "d1"),
    kvNamespaces: slotNames("SESSIONS"),
    r2Buckets: slotNames("DOCUMENTS"),
    queueProducers: Object.fromEntries(queues.map((queueName, i) => [`JOBS_${i}`, { queueName }])),
    queueConsumers: Object.fromEntries(queues.map((name) => [name, { maxBatchSize: 100, maxBatchTimeout: 0 }])),
    email: { send_email: mailers },
    defaultProjectTmpPath: folder,
  });
  return { mf, raw: await mf.getBindings(), mailFolder: folder, next: 0 };
}

async function retirePool() {
  if (pool === null) return;
  const { mf, mailFolder } = pool;
  pool = null;
  await mf.dispose();
  rmSync(mailFolder, { recursive: true, force: true });
}

// Once the harness is done: the last pool and the template go.
export async function disposePool() {
  await retirePool();
  if (template !== null) rmSync(template.folder, { recursive: true, force: true });
  template = null;
}

async function nextSlot(compatibilityDate, sendEmail, migrationsDir) {
  if (pool !== null && pool.next >= SLOTS) await retirePool();
  if (pool === null) pool = await newPool(compatibilityDate, sendEmail, migrationsDir);
  const slot = pool.next;
  pool.next += 1;
  return { ...pool, slot };
}

// The migrations a slot's database holds: all of them (see migratedTemplate).
async function appliedMigrations(db) {
  const { results } = await db.prepare("SELECT name FROM d1_migrations ORDER BY id").all();
  const applied = results.map((row) => row.name);
  if (applied.join() !== template.applied.join()) throw new Error(`a slot's D1 database holds migrations [${applied}]`);
  return applied;
}

// Fresh bindings for one check, under their wrangler.toml names, from a set no other check used.
export async function freshBindings(wanted, migrationsDir, compatibilityDate, sendEmail = [{ name: "MAILER" }]) {
  // The API tests' upload limit, as tests/api/conftest.py's TEST_SETTINGS (a [vars] value, read by cf/context.py).
  const env = { MAX_UPLOAD_BYTES: "2097152" };
  if (wanted.has("AI")) env.AI = new Ai();
  if (wanted.has("HUB")) env.HUB = new DurableObjectNamespace();
  if (!["DB", "SESSIONS", "DOCUMENTS", "JOBS", "MAILER"].some((name) => wanted.has(name))) {
    return { env, dispose: async () => {} };
  }
  const { mf, raw, mailFolder, slot } = await nextSlot(compatibilityDate, sendEmail, migrationsDir);
  if (wanted.has("DB")) {
    env.DB = new D1Database(raw[`DB_${slot}`]);
    env.__migrations = await appliedMigrations(env.DB);
  }
  if (wanted.has("SESSIONS")) env.SESSIONS = new KvNamespace(raw[`SESSIONS_${slot}`]);
  if (wanted.has("DOCUMENTS")) env.DOCUMENTS = new R2Bucket(raw[`DOCUMENTS_${slot}`]);
  if (wanted.has("JOBS")) env.JOBS = new WorkerQueue(raw[`JOBS_${slot}`]);
  if (wanted.has("MAILER")) env.MAILER = new Fetcher(raw[`MAILER_${slot}`], mailFolder);
  // What the consumer received on this slot's queue (JSON round trip, as the real consumer sees it), waiting up to
  // `timeoutMs`.
  const receiveJobs = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const url = `http://harness/received?queue=${encodeURIComponent(`${QUEUE}-${slot}`)}`;
      const batch = await (await mf.dispatchFetch(url)).json();
      if (batch.length > 0 || Date.now() > deadline) return batch;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  // Nothing to release: the slot is never handed out again, and the pool goes when its slots are used up.
  return { env, receiveJobs, dispose: async () => {} };
}

// The Durable Object namespace `HUB`: a stand-in whose stubs forward RPC calls to a target the harness sets
// (the real Python `CabinetHub`), recording the calls and the jurisdiction the stub was reached through.
export class DurableObjectNamespace {
  constructor(root = null, jurisdiction = null) {
    this.root = root ?? this; this.jurisdictionName = jurisdiction;
    if (root === null) { this.calls = []; this.target = null; }
  }
  idFromName(name) { return { name, toString: () => `id:${name}` }; }
  getByName(name) { return new DurableObjectStub(this.root, name, this.jurisdictionName); }
  get(id) { return new DurableObjectStub(this.root, id.name, this.jurisdictionName); }
  jurisdiction(name) { return new DurableObjectNamespace(this.root, String(name)); }
}

export class DurableObjectStub {
  #namespace;
  #jurisdiction;
  constructor(namespace, name, jurisdiction) { this.#namespace = namespace; this.name = name; this.#jurisdiction = jurisdiction; }
  #record(call) { this.#namespace.calls.push({ name: this.name, jurisdiction: this.#jurisdiction, ...call }); }
  async publish(event) {
    this.#record({ event });
    return this.#namespace.target ? await this.#namespace.target(this.name, event) : 0;
  }
  async disconnect(personId) {
    this.#record({ disconnect: personId });
    return this.#namespace.disconnectTarget ? await this.#namespace.disconnectTarget(this.name, personId) : 0;
  }
  async disconnect_session(sessionId) {
    this.#record({ disconnectSession: sessionId });
    const target = this.#namespace.disconnectSessionTarget;
    return target ? await target(this.name, sessionId) : 0;
  }
  async fetch(request) {
    this.#record({ url: request.url, headers: Object.fromEntries(request.headers) });
    return new Response("hub", { status: 200 }); // Node's Response cannot carry a 101 and a WebSocket
  }
}
