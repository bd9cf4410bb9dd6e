import assert from "node:assert/strict";
import {
  createProcessRunner,
  DEFAULT_LIMITS,
  HookToolError,
  SHOWN_STDERR_LENGTH,
} from "../../src/juju/hook_tool_runner.ts";

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

Deno.test("createProcessRunner() reads stderr while writing stdin, so a tool that floods stderr first cannot deadlock", async () => {
  const runner = createProcessRunner({ timeoutMs: 20_000 });
  // 1 MB of stderr before reading 1 MB of stdin: both pipes fill unless read and written at once.
  const args = ["-c", "yes 'ERROR flood' | head -c 1000000 >&2; wc -c; exit 3"];
  await assert.rejects(() => runner.run({ tool: "sh", args, stdin: "x".repeat(1_000_000) }), (
    error: unknown,
  ) => {
    assert.ok(error instanceof HookToolError);
    assert.equal(error.exitCode, 3);
    assert.ok(error.stderr.length <= DEFAULT_LIMITS.stderrBytes, String(error.stderr.length));
    assert.ok(!error.message.includes("\n"), "no raw newline in the message");
    assert.ok(error.message.length < 16_000, String(error.message.length));
    return true;
  });
});

Deno.test("createProcessRunner() kills a tool that runs past the timeout, naming it", async () => {
  const started = Date.now();
  await assert.rejects(
    () => createProcessRunner({ timeoutMs: 300 }).run({ tool: "sleep", args: ["30"] }),
    (error: unknown) => {
      assert.ok(error instanceof HookToolError);
      assert.equal(error.tool, "sleep");
      assert.equal(error.exitCode, null);
      assert.match(
        error.message,
        /^Hook tool failed: sleep 30 timed out after 0\.3 s and was killed$/,
      );
      return true;
    },
  );
  assert.ok(Date.now() - started < 10_000);
});

Deno.test("createProcessRunner() kills a tool that prints more than the stdout limit", async () => {
  await assert.rejects(
    () =>
      createProcessRunner({ stdoutBytes: 1024 * 1024 }).run({
        tool: "sh",
        args: ["-c", "head -c 100000000 /dev/zero"],
      }),
    /sh -c head -c 100000000 \/dev\/zero printed more than 1 MiB on stdout and was killed/,
  );
});

Deno.test("createProcessRunner() accepts stdout up to the limit, a config of many megabytes", async () => {
  const out = await createProcessRunner().run({
    tool: "sh",
    args: ["-c", "head -c 20000000 /dev/zero | tr '\\0' x"],
  });
  assert.equal(out.length, 20_000_000);
  assert.ok(DEFAULT_LIMITS.stdoutBytes >= 64 * 1024 * 1024);
});

Deno.test("HookToolError escapes control characters and cuts a long stderr", () => {
  const error = new HookToolError({ tool: "t", args: [] }, {
    exitCode: 1,
    stderr: `ERROR one\nERROR forged\r\u001b[31m${"z".repeat(300_000)}`,
  });
  assert.ok(
    error.message.startsWith(
      "Hook tool failed: t exited with 1: ERROR one\\nERROR forged\\r\\u001b[31m",
    ),
  );
  assert.ok(error.message.length <= SHOWN_STDERR_LENGTH + 200, String(error.message.length));
  assert.match(error.message, /… \(\d+ more characters\)$/);
});

/** Write an executable tool into a fresh directory and return its path. */
async function writeTool(body: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hook-tool-" });
  const path = `${dir}/silent-tool`;
  await Deno.writeTextFile(path, `#!/bin/sh\n${body}\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

Deno.test("createProcessRunner() fails a tool that exits 1 printing nothing", async () => {
  const tool = await writeTool("exit 1");
  try {
    await assert.rejects(
      () => createProcessRunner().run({ tool, args: ["--format=json", "key"] }),
      (error: unknown) => {
        assert.ok(error instanceof HookToolError);
        assert.equal(error.tool, tool);
        assert.deepEqual(error.args, ["--format=json", "key"]);
        assert.equal(error.exitCode, 1);
        assert.equal(error.stderr, "");
        assert.equal(error.message, `Hook tool failed: ${tool} --format=json key exited with 1`);
        return true;
      },
    );
  } finally {
    await Deno.remove(tool.slice(0, tool.lastIndexOf("/")), { recursive: true });
  }
});

Deno.test("createProcessRunner() fails a tool killed by a signal, printing nothing", async () => {
  const tool = await writeTool("kill -KILL $$");
  try {
    await assert.rejects(
      () => createProcessRunner().run({ tool, args: ["unit-name"] }),
      (error: unknown) => {
        assert.ok(error instanceof HookToolError);
        assert.equal(error.tool, tool);
        assert.deepEqual(error.args, ["unit-name"]);
        // Deno reports a signal as 128 + its number, as a shell does.
        assert.equal(error.exitCode, 128 + 9);
        assert.equal(error.stderr, "");
        return true;
      },
    );
  } finally {
    await Deno.remove(tool.slice(0, tool.lastIndexOf("/")), { recursive: true });
  }
});
