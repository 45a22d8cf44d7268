// WebCrypto as workerd runs it: a Worker in Miniflare (the real workerd binary, BoringSSL) that derives PBKDF2
// chains on request. Pyodide runs under Node, whose `crypto.subtle` is OpenSSL's, so the harness asks workerd
// itself for the figures the cf adapter must agree with, and bench/password_cost.py times it here.
//
// The open-source workerd has no PBKDF2 iteration cap (workerd PR #1471 removed it; production keeps 100,000,
// workerd issue #1346): what this Worker reports above the cap is the local runtime's behaviour, not production's.
import { Miniflare } from "miniflare";

const WORKER = `
function hex(buffer) { return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join(""); }
function bytes(text) { return Uint8Array.from(atob(text), (c) => c.charCodeAt(0)); }
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/noop") return Response.json({});
    const { password, salt, iterations, rounds, length } = await request.json();
    try {
      let key = bytes(password);
      for (let round = 0; round < rounds; round++) {
        const material = await crypto.subtle.importKey("raw", key, "PBKDF2", false, ["deriveBits"]);
        const algorithm = { name: "PBKDF2", hash: "SHA-256", salt: bytes(salt), iterations };
        key = new Uint8Array(await crypto.subtle.deriveBits(algorithm, material, length * 8));
      }
      return Response.json({ ok: true, hex: hex(key) });
    } catch (error) {
      return Response.json({ ok: false, error: \`\${error.name}: \${error.message}\` });
    }
  },
};
`;

export class WorkerdCrypto {
  #mf = null;

  constructor(compatibilityDate) { this.compatibilityDate = compatibilityDate; }

  #miniflare() {
    this.#mf ??= new Miniflare({ modules: true, script: WORKER, compatibilityDate: this.compatibilityDate });
    return this.#mf;
  }

  // PBKDF2-HMAC-SHA256 chained `rounds` times (the stored format's K_i), in workerd. Password and salt in base64.
  // Returns {ok, hex} or {ok: false, error}, and the wall time of the call in milliseconds.
  async pbkdf2Chain(password, salt, iterations, rounds = 1, length = 32) {
    const started = performance.now();
    const response = await this.#miniflare().dispatchFetch("http://workerd-crypto/", {
      method: "POST",
      body: JSON.stringify({ password, salt, iterations, rounds, length }),
    });
    const result = await response.json();
    return { ...result, ms: performance.now() - started };
  }

  // The wall time of an empty call, to take the dispatch's own cost out of a measurement.
  async noopMs() {
    const started = performance.now();
    await (await this.#miniflare().dispatchFetch("http://workerd-crypto/noop")).json();
    return performance.now() - started;
  }

  async dispose() {
    if (this.#mf) await this.#mf.dispose();
    this.#mf = null;
  }
}
