// Pyodide's source of randomness, gated as the Workers runtime gates it while a Worker's top level runs.
//
// Under Node, Pyodide draws every random byte (getentropy, os.urandom, /dev/urandom, Rust hash seeds) through
// `randomFillSync` of node:crypto, looked up at each call. Production refuses those draws outside a request unless
// the runtime SDK has allowed a counted number of them (`_cloudflare.allow_entropy.allow_bad_entropy_calls(n)`);
// the harness's `_cloudflare` stand-in drives the same counter here. A refused draw fails with EIO, which Python
// sees as OSError — production's own failure for a refused draw — and is recorded for the report.
import { createRequire } from "node:module";

const nodeCrypto = createRequire(import.meta.url)("node:crypto");
const EIO = 29;

export function installEntropyGate() {
  const gate = { inRequest: true, allowed: 0, granted: 0, refused: 0 };
  const original = nodeCrypto.randomFillSync;
  nodeCrypto.randomFillSync = function gatedRandomFillSync(...args) {
    if (!gate.inRequest) {
      if (gate.allowed > 0) {
        gate.allowed -= 1;
        gate.granted += 1;
      } else {
        gate.refused += 1;
        const error = new Error("Cannot get entropy outside of request context");
        error.name = "ErrnoError"; // what Emscripten's random_get turns into an errno
        error.errno = EIO;
        throw error;
      }
    }
    return original.apply(this, args);
  };
  return gate;
}
