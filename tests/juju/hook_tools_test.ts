import assert from "node:assert/strict";
import {
  configGet,
  isLeader,
  jujuLog,
  relationGetApp,
  relationIds,
  relationSetApp,
  statusSet,
} from "../../src/juju/hook_tools.ts";
import { HookToolError } from "../../src/juju/hook_tool_runner.ts";
import { scriptedRunner } from "./scripted_runner.ts";

Deno.test("configGet() asks for JSON and returns the options that have a value", async () => {
  const runner = scriptedRunner([
    { tool: "config-get", args: ["--format=json"], stdout: '{"fileset":"/a"}\n' },
    { tool: "config-get", args: ["--format=json"], stdout: "null\n" },
  ]);
  assert.deepEqual(await configGet(runner), { fileset: "/a" });
  assert.deepEqual(await configGet(runner), {});
  runner.done();
});

Deno.test("isLeader() parses true and false", async () => {
  const runner = scriptedRunner([
    { tool: "is-leader", args: ["--format=json"], stdout: "true\n" },
    { tool: "is-leader", args: ["--format=json"], stdout: "false\n" },
  ]);
  assert.equal(await isLeader(runner), true);
  assert.equal(await isLeader(runner), false);
  runner.done();
});

Deno.test("relationIds() lists the endpoint's relations", async () => {
  const runner = scriptedRunner([
    {
      tool: "relation-ids",
      args: ["backup", "--format=json"],
      stdout: '["backup:1","backup:7"]\n',
    },
    { tool: "relation-ids", args: ["backup", "--format=json"], stdout: "[]\n" },
  ]);
  assert.deepEqual(await relationIds(runner, "backup"), ["backup:1", "backup:7"]);
  assert.deepEqual(await relationIds(runner, "backup"), []);
  runner.done();
});

Deno.test("relationGetApp() reads a whole application bag, empty when null", async () => {
  const args = ["-r", "backup:1", "--app", "--format=json", "-", "app"];
  const runner = scriptedRunner([
    { tool: "relation-get", args, stdout: '{"fileset":"/a"}\n' },
    { tool: "relation-get", args, stdout: "null\n" },
  ]);
  assert.deepEqual(await relationGetApp(runner, { relationId: "backup:1", app: "app" }), {
    fileset: "/a",
  });
  assert.deepEqual(await relationGetApp(runner, { relationId: "backup:1", app: "app" }), {});
  runner.done();
});

Deno.test("relationSetApp() passes the data as JSON on stdin, never in argv", async () => {
  const data = { fileset: "/a", "run-after-backup": "" };
  const runner = scriptedRunner([
    {
      tool: "relation-set",
      args: ["-r", "backup:1", "--app", "--file", "-"],
      stdin: JSON.stringify(data),
    },
  ]);
  await relationSetApp(runner, { relationId: "backup:1", data });
  runner.done();
});

Deno.test("statusSet() and jujuLog() put free text after --", async () => {
  const runner = scriptedRunner([
    { tool: "status-set", args: ["blocked", "--", "-starts with a dash"] },
    { tool: "juju-log", args: ["--log-level", "WARNING", "--", "-x"] },
  ]);
  await statusSet(runner, { name: "blocked", message: "-starts with a dash" });
  await jujuLog(runner, { level: "WARNING", message: "-x" });
  runner.done();
});

Deno.test("a wrapper turns unexpected output into a HookToolError naming the tool", async () => {
  const runner = scriptedRunner([
    { tool: "is-leader", args: ["--format=json"], stdout: "maybe\n" },
    { tool: "relation-ids", args: ["backup", "--format=json"], stdout: '{"a":1}\n' },
  ]);
  await assert.rejects(() => isLeader(runner), (error: unknown) => {
    assert.ok(error instanceof HookToolError);
    assert.equal(error.tool, "is-leader");
    assert.equal(error.stderr, "unexpected output of 6 characters, not JSON");
    return true;
  });
  await assert.rejects(() => relationIds(runner, "backup"), (error: unknown) => {
    assert.ok(error instanceof HookToolError);
    assert.equal(error.stderr, "unexpected output of 8 characters: JSON of the wrong shape");
    return true;
  });
  runner.done();
});

Deno.test("a wrapper never quotes a tool's output in its error, only its length and the parse position", async () => {
  const secret = "PGPASSWORD=hunter2";
  const outputs = [
    secret,
    `{"run-before-backup":"${secret}" x}`,
    `{"run-before-backup":"${secret}`,
    `["${secret}"]`,
    "",
  ];
  const runner = scriptedRunner(
    outputs.map((stdout) => ({ tool: "config-get", args: ["--format=json"], stdout })),
  );
  const seen: string[] = [];
  for (const _ of outputs) {
    await assert.rejects(() => configGet(runner), (error: unknown) => {
      assert.ok(error instanceof HookToolError);
      seen.push(error.stderr);
      for (const text of [error.message, error.stderr, String(error.cause ?? "")]) {
        assert.ok(!text.includes("hunter2"), text);
      }
      return true;
    });
  }
  assert.deepEqual(seen, [
    "unexpected output of 18 characters, not JSON",
    "unexpected output of 44 characters, not JSON at character 42",
    "unexpected output of 40 characters, not JSON at character 40",
    "unexpected output of 22 characters: JSON of the wrong shape",
    "unexpected output of 0 characters, not JSON at its end",
  ]);
  runner.done();
});

Deno.test("statusSet() and jujuLog() escape what does not show, whoever calls them", async () => {
  const runner = scriptedRunner([
    { tool: "status-set", args: ["blocked", "--", "bad\\nERROR forged\\u200b"] },
    { tool: "juju-log", args: ["--log-level", "INFO", "--", "backup:1\\r\\u001b[31m key\\tx"] },
  ]);
  await statusSet(runner, { name: "blocked", message: "bad\nERROR forged\u200b" });
  await jujuLog(runner, { level: "INFO", message: "backup:1\r\u001b[31m key\tx" });
  runner.done();
});

Deno.test("a wrapper passes a tool's failure through", async () => {
  const runner = scriptedRunner([
    { tool: "config-get", args: ["--format=json"], fail: { exitCode: 1, stderr: "ERROR boom\n" } },
  ]);
  await assert.rejects(() => configGet(runner), (error: unknown) => {
    assert.ok(error instanceof HookToolError);
    assert.deepEqual([error.tool, error.args, error.exitCode, error.stderr], [
      "config-get",
      ["--format=json"],
      1,
      "ERROR boom",
    ]);
    return true;
  });
});
