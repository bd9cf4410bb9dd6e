/**
 * The simulate example of docs/simulate.md is reproducible as written: its
 * commands, run by `bash` in an empty directory with `deno task` pointed at
 * this repository's `deno.json` (as running them from a checkout does), print
 * exactly the output the page shows for the second call.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { blocksInSection, shellCommands } from "./claim_checks.ts";
import { readMarkdown } from "./markdown.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEPARATOR = "=== next command ===";

Deno.test("docs: the simulate example of docs/simulate.md prints what the page shows, in a fresh directory", async () => {
  const page = await readMarkdown(join(ROOT, "docs", "simulate.md"));
  const blocks = blocksInSection(page, "Try it without Juju");
  const script = blocks.find((block) => block.lang === "sh");
  const shown = blocks.find((block) => block.lang === "" && block.text.includes("hook-tool calls"));
  assert.ok(script !== undefined && shown !== undefined, "the section has the commands and output");
  const commands = shellCommands(script.text);
  const simulations = commands.filter((command) => command.startsWith("deno task simulate "));
  assert.equal(simulations.length, 3, "three simulate calls");
  assert.ok(
    commands.every((command) => !command.includes("/tmp/")),
    "the example writes into the checkout's ignored .simulate/, not a fixed /tmp path",
  );

  const dir = await Deno.makeTempDir({ prefix: "simulate_example_" });
  try {
    const body = commands.map((command) => `${command}\necho '${SEPARATOR}'`).join("\n");
    const output = await new Deno.Command("bash", {
      args: [
        "-euc",
        // `deno task` in the checkout finds deno.json itself; here, name it. An INIT_CWD
        // inherited from an outer `deno task test` would win over this directory: drop it.
        `deno() { if [ "$1" = task ]; then shift; env -u INIT_CWD deno task --config "$ROOT/deno.json" "$@"; ` +
        `else command deno "$@"; fi; }\n${body}`,
      ],
      cwd: dir,
      env: { ROOT, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    const outputs = new TextDecoder().decode(output.stdout).split(`${SEPARATOR}\n`);
    const second = commands.indexOf(simulations[1]!);
    assert.equal(outputs[second]?.trimEnd(), shown.text.trimEnd());
    const ignored = await Deno.readTextFile(join(ROOT, ".gitignore"));
    assert.match(ignored, /^\/\.simulate\/$/m, ".simulate/ is ignored by git");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
