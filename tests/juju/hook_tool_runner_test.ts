import assert from "node:assert/strict";
import {
  createProcessRunner,
  DEFAULT_LIMITS,
  type HookToolCall,
  HookToolError,
  type RunnerLimits,
  SHOWN_STDERR_LENGTH,
} from "../../src/juju/hook_tool_runner.ts";
import { within } from "../deadline.ts";

/** Longer than any call below takes, even under load; a call that hangs fails its test. */
const PATIENCE_MS = 30_000;

/** Run one call through a runner with the given limits, failing the test if it hangs. */
function run(call: HookToolCall, limits: Partial<RunnerLimits> = {}): Promise<string> {
  return within(createProcessRunner(limits).run(call), PATIENCE_MS, `${call.tool} ${call.args}`);
}

Deno.test("DEFAULT_LIMITS are two minutes, 97 MiB of stdout and 64 KiB of stderr", () => {
  // The contract, in literal numbers: 97 MiB is 6 x 16 MiB (Juju's largest
  // config, every byte escaped as \u0001) + 1 MiB.
  assert.deepEqual(DEFAULT_LIMITS, {
    timeoutMs: 120_000,
    stdoutBytes: 101_711_872,
    stderrBytes: 65_536,
  });
});

Deno.test("createProcessRunner() returns a tool's stdout", async () => {
  const out = await run({ tool: "sh", args: ["-c", "printf 'a\\nb'"] });
  assert.equal(out, "a\nb");
});

Deno.test("createProcessRunner() writes stdin to the tool", async () => {
  const big = "x".repeat(300_000);
  const out = await run({ tool: "sh", args: ["-c", "wc -c"], stdin: big });
  assert.equal(out.trim(), "300000");
});

Deno.test("createProcessRunner() throws HookToolError with tool, args, exit code and stderr", async () => {
  const args = ["-c", "echo partial; echo 'ERROR no such relation' >&2; exit 2"];
  await assert.rejects(() => run({ tool: "sh", args }), (error: unknown) => {
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
    () => run({ tool: "no-such-hook-tool-xyz", args: [] }),
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
  // 1 MB of stderr before reading 1 MB of stdin: both pipes fill unless read
  // and written at once (a runner that writes first hangs, and the deadline fails it).
  const args = ["-c", "yes 'ERROR flood' | head -c 1000000 >&2; wc -c; exit 3"];
  const call = { tool: "sh", args, stdin: "x".repeat(1_000_000) };
  await assert.rejects(() => run(call, { timeoutMs: 20_000 }), (error: unknown) => {
    assert.ok(error instanceof HookToolError, String(error));
    assert.equal(error.exitCode, 3);
    // The first 64 KiB are kept, the rest read and dropped.
    assert.equal(error.stderr, "ERROR flood\n".repeat(6000).slice(0, 65_536).trim());
    assert.ok(!error.message.includes("\n"), "no raw newline in the message");
    assert.ok(error.message.length < 16_000, String(error.message.length));
    return true;
  });
});

Deno.test("createProcessRunner() kills a tool that runs past the timeout, naming it", async () => {
  const started = Date.now();
  await assert.rejects(
    () => run({ tool: "sleep", args: ["30"] }, { timeoutMs: 300 }),
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
      run({ tool: "sh", args: ["-c", "head -c 100000000 /dev/zero"] }, { stdoutBytes: 1 << 20 }),
    /sh -c head -c 100000000 \/dev\/zero printed more than 1 MiB on stdout and was killed/,
  );
});

Deno.test("createProcessRunner() accepts stdout of exactly the limit, and refuses one byte more", async () => {
  const limits = { stdoutBytes: 1_048_576 };
  const exact = await run({ tool: "sh", args: ["-c", "head -c 1048576 /dev/zero"] }, limits);
  assert.equal(exact.length, 1_048_576);
  await assert.rejects(
    () => run({ tool: "sh", args: ["-c", "head -c 1048577 /dev/zero"] }, limits),
    /printed more than 1 MiB on stdout and was killed$/,
  );
});

Deno.test("createProcessRunner() kills with SIGKILL a tool that ignores SIGTERM", async () => {
  const tool = await writeTool("trap '' TERM\nexec sleep 30");
  try {
    const started = Date.now();
    await assert.rejects(
      () => run({ tool, args: [] }, { timeoutMs: 300 }),
      /timed out after 0\.3 s/,
    );
    assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
  } finally {
    await Deno.remove(tool.slice(0, tool.lastIndexOf("/")), { recursive: true });
  }
});

Deno.test("createProcessRunner() returns when it kills a tool whose child still holds the pipes", async () => {
  // The background sleep (20 s) outlives the killed shell and keeps stdout and
  // stderr open: only cancelling the reads lets the call end.
  const started = Date.now();
  await assert.rejects(
    () => run({ tool: "sh", args: ["-c", "sleep 20 & sleep 30"] }, { timeoutMs: 300 }),
    /timed out after 0\.3 s and was killed$/,
  );
  assert.ok(Date.now() - started < 15_000, `${Date.now() - started} ms`);
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
      () => run({ tool, args: ["--format=json", "key"] }),
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
      () => run({ tool, args: ["unit-name"] }),
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
