// Runtime objects shaped like the ones workerd hands to a Python Worker's handlers, recording what the
// code under test does with them.

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
  }
  ack() { this.decision ??= "ack"; }
  retry(options) { this.decision ??= "retry"; }
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
  constructor(name) { this.name = name; this.sent = []; this.closed = null; this.readyState = 1; }
  send(data) { if (this.readyState !== 1) throw new TypeError("WebSocket is closed"); this.sent.push(data); }
  close(code, reason) { this.closed = { code, reason }; this.readyState = 3; }
}

export class DurableObjectState {
  constructor() { this.accepted = []; this.id = { toString: () => "hub-id", name: "hub" }; this.storage = {}; }
  acceptWebSocket(ws, tags) { this.accepted.push({ ws, tags: tags ? Array.from(tags) : [] }); }
  getWebSockets(tag) {
    return this.accepted.filter((a) => tag === undefined || a.tags.includes(tag)).map((a) => a.ws);
  }
  getTags(ws) { return this.accepted.find((a) => a.ws === ws)?.tags ?? []; }
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
