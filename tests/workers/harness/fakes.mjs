// Runtime objects shaped like the ones workerd hands to a Python Worker's handlers, recording what the
// code under test does with them.

import { serialize } from "node:v8";

// Cloudflare's limits on hibernating WebSockets (developers.cloudflare.com/durable-objects/api/websockets/): an
// attachment's structured-clone serialization (V8's, as here) is at most 2,048 bytes; a socket has at most 10 tags
// of at most 256 characters.
const MAX_ATTACHMENT_BYTES = 2048;
const MAX_TAGS = 10;
const MAX_TAG_CHARS = 256;

export class ForwardableEmailMessage {
  constructor({ from, to, raw, headers = {} }) {
    this.from = from;
    this.to = to;
    const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
    this.rawSize = bytes.byteLength;
    this.raw = new Blob([bytes]).stream();
    this.headers = new Headers(headers);
    this.rejected = null;
    this.forwarded = [];
  }
  setReject(reason) { this.rejected = String(reason); }
  async forward(rcptTo, headers) { this.forwarded.push(rcptTo); }
  async reply(message) { throw new Error("reply is not used by the application"); }
}

export class Message {
  constructor(id, body, attempts) {
    this.id = id;
    this.timestamp = new Date(Date.UTC(2026, 5, 1, 7, 0, 0));
    this.body = body;
    this.attempts = attempts;
    this.decision = null;
    this.retryDelaySeconds = null;
  }
  ack() { this.decision ??= "ack"; }
  retry(options) {
    if (this.decision !== null) return;
    this.decision = "retry";
    this.retryDelaySeconds = options?.delaySeconds ?? null;
  }
}

export class MessageBatch {
  constructor(queue, messages) { this.queue = queue; this.messages = messages; }
  ackAll() { for (const m of this.messages) m.ack(); }
  retryAll() { for (const m of this.messages) m.retry(); }
}

export class ScheduledController {
  constructor(cron, scheduledTime) { this.cron = cron; this.scheduledTime = scheduledTime; this.type = "scheduled"; }
  noRetry() {}
}

export class WebSocket {
  #attachment = undefined;
  constructor(name) { this.name = name; this.sent = []; this.closed = null; this.readyState = 1; }
  send(data) { if (this.readyState !== 1) throw new TypeError("WebSocket is closed"); this.sent.push(data); }
  close(code, reason) {
    if ([1004, 1005, 1006, 1015].includes(code)) throw new TypeError(`Invalid WebSocket close code: ${code}`);
    this.closed = { code, reason }; this.readyState = 3;
  }
  // A structured clone kept with the socket across hibernation: later changes to `value` are not kept.
  serializeAttachment(value) {
    const size = serialize(value).byteLength;
    if (size > MAX_ATTACHMENT_BYTES) {
      throw new Error(`WebSocket attachment of ${size} bytes exceeds the ${MAX_ATTACHMENT_BYTES}-byte limit`);
    }
    this.#attachment = structuredClone(value);
  }
  deserializeAttachment() { return this.#attachment === undefined ? null : structuredClone(this.#attachment); }
}

// As workerd defines it: the message a hibernating object's sockets answer by themselves, and the answer.
export class WebSocketRequestResponsePair {
  #request;
  #response;
  constructor(request, response) { this.#request = String(request); this.#response = String(response); }
  get request() { return this.#request; }
  get response() { return this.#response; }
}
globalThis.WebSocketRequestResponsePair ??= WebSocketRequestResponsePair; // a global in workerd, as `js.` sees it

export class DurableObjectState {
  constructor() {
    this.accepted = []; this.id = { toString: () => "hub-id", name: "hub" }; this.storage = {};
    this.autoResponse = null;
  }
  acceptWebSocket(ws, tags) {
    const list = tags ? Array.from(tags) : [];
    if (list.length > MAX_TAGS || list.some((tag) => String(tag).length > MAX_TAG_CHARS)) {
      throw new Error("too many WebSocket tags, or one too long");
    }
    this.accepted.push({ ws, tags: list });
  }
  getWebSockets(tag) {
    return this.accepted.filter((a) => tag === undefined || a.tags.includes(tag)).map((a) => a.ws);
  }
  getTags(ws) { return this.accepted.find((a) => a.ws === ws)?.tags ?? []; }
  setWebSocketAutoResponse(pair) {
    if (pair !== undefined && !(pair instanceof WebSocketRequestResponsePair)) {
      throw new TypeError("setWebSocketAutoResponse expects a WebSocketRequestResponsePair");
    }
    this.autoResponse = pair ?? null;
  }
  getWebSocketAutoResponse() { return this.autoResponse; }
  waitUntil(promise) {}
}

export const fakeEmailMessage = (init) => new ForwardableEmailMessage(init);
export const fakeMessageBatch = (queue, items) =>
  new MessageBatch(queue, items.map((item, i) => new Message(`m${i}`, item.body, item.attempts ?? 1)));
export const fakeController = (cron, scheduledTime) => new ScheduledController(cron, scheduledTime);
export const fakeDurableObjectState = () => new DurableObjectState();
export const fakeWebSocket = (name) => new WebSocket(name);

// A send_email binding answering as Email Service does when it refuses: an Error carrying a `code`.
export const fakeRefusingSendEmail = (code, message) => ({
  async send() { throw Object.assign(new Error(message), code ? { code } : {}); },
});
