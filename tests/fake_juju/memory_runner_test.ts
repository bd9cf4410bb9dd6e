import assert from "node:assert/strict";
import { HookToolError } from "../../src/juju/hook_tool_runner.ts";
import { createMemoryRunner } from "./memory_runner.ts";
import { FOLLOWER, LEADER, setup } from "./tools/_testing.ts";

Deno.test("createMemoryRunner() resolves to stdout and throws HookToolError on failure", async () => {
  const model = setup();
  const runner = createMemoryRunner(model, { unit: FOLLOWER, hook: "config-changed" });
  assert.equal(await runner.run({ tool: "is-leader", args: ["--format=json"] }), "false\n");
  const error = await runner
    .run({ tool: "relation-set", args: ["-r", "backup:3", "--app", "--file", "-"], stdin: "{}" })
    .then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof HookToolError);
  assert.equal(error.exitCode, 1);
  assert.equal(error.stderr, "ERROR cannot write relation settings");
  assert.equal(error.tool, "relation-set");
});

Deno.test("createMemoryRunner() refuses a tool the fake does not have, as if it could not be started", async () => {
  const model = setup();
  const runner = createMemoryRunner(model, { unit: LEADER, hook: "install" });
  await assert.rejects(
    runner.run({ tool: "status-get", args: ["--format=json"] }),
    (error: unknown) => error instanceof HookToolError && error.exitCode === null,
  );
  assert.deepEqual(model.calls, []);
});
