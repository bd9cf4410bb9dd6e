import assert from "node:assert/strict";
import { createProcessRunner, HookToolError } from "../../src/juju/hook_tool_runner.ts";

Deno.test("createProcessRunner() returns a tool's stdout", async () => {
  const out = await createProcessRunner().run({ tool: "sh", args: ["-c", "printf 'a\\nb'"] });
  assert.equal(out, "a\nb");
});

Deno.test("createProcessRunner() writes stdin to the tool", async () => {
  const big = "x".repeat(300_000);
  const out = await createProcessRunner().run({ tool: "sh", args: ["-c", "wc -c"], stdin: big });
  assert.equal(out.trim(), "300000");
});

Deno.test("createProcessRunner() throws HookToolError with tool, args, exit code and stderr", async () => {
  const args = ["-c", "echo partial; echo 'ERROR no such relation' >&2; exit 2"];
  await assert.rejects(() => createProcessRunner().run({ tool: "sh", args }), (error: unknown) => {
    assert.ok(error instanceof HookToolError);
    assert.equal(error.tool, "sh");
    assert.deepEqual(error.args, args);
    assert.equal(error.exitCode, 2);
    assert.equal(error.stderr, "ERROR no such relation");
    assert.match(
      error.message,
      /^Hook tool failed: sh -c .* exited with 2: ERROR no such relation$/,
    );
    return true;
  });
});

Deno.test("createProcessRunner() reports a tool that cannot be started", async () => {
  await assert.rejects(
    () => createProcessRunner().run({ tool: "no-such-hook-tool-xyz", args: [] }),
    (error: unknown) => {
      assert.ok(error instanceof HookToolError);
      assert.equal(error.exitCode, null);
      assert.match(error.message, /could not be started/);
      return true;
    },
  );
});

Deno.test("HookToolError cuts very long arguments in its message", () => {
  const error = new HookToolError({ tool: "t", args: ["y".repeat(10_000)] }, {
    exitCode: 1,
    stderr: "",
  });
  assert.ok(error.message.length < 300, String(error.message.length));
  assert.equal(error.args[0]?.length, 10_000);
});
