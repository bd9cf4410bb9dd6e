// gather(): every read the decision needs, in as few round trips as the dependencies allow.
import assert from "node:assert/strict";
import { gather } from "../../src/charm/gather.ts";
import type { ScriptStore } from "../../src/charm/script_store.ts";
import type { JujuContext } from "../../src/juju/context.ts";
import { type HookToolCall, HookToolError } from "../../src/juju/hook_tool_runner.ts";
import { scriptedRunner } from "../juju/scripted_runner.ts";
import { createMemoryScriptStore } from "./memory_script_store.ts";

const APP = "backup-integrator";
const DIR = `/opt/backup-integrator-charm/${APP}/scripts`;

function context(hook: string, relationId?: string): JujuContext {
  return {
    target: { kind: "hook", name: hook },
    unitName: `${APP}/0`,
    appName: APP,
    ...(relationId === undefined ? {} : { relationId }),
  };
}

const firstRound = (answers: { config: string; ids: string; leader: string }) => [
  { tool: "config-get", args: ["--format=json"], stdout: answers.config },
  { tool: "relation-ids", args: ["backup", "--format=json"], stdout: answers.ids },
  { tool: "is-leader", args: ["--format=json"], stdout: answers.leader },
];

Deno.test("gather() in remove reads nothing", async () => {
  const runner = scriptedRunner([]);
  const store = createMemoryScriptStore(DIR);
  assert.deepEqual(await gather({ context: context("remove"), runner, store }), {
    kind: "remove",
    unit: `${APP}/0`,
  });
  runner.done();
});

Deno.test("gather() on a leader with valid config reads each counted relation's application data", async () => {
  const runner = scriptedRunner([
    ...firstRound({ config: '{"fileset":"/srv"}', ids: '["backup:1","backup:2"]', leader: "true" }),
    {
      tool: "relation-get",
      args: ["-r", "backup:2", "--app", "--format=json", "-", APP],
      stdout: '{"fileset":"/old"}',
    },
  ]);
  const store = createMemoryScriptStore(DIR);
  const inputs = await gather({
    context: context("backup-relation-broken", "backup:1"),
    runner,
    store,
  });
  runner.done();
  assert.equal(inputs.kind, "reconcile");
  if (inputs.kind !== "reconcile") return;
  assert.deepEqual(inputs.relationIds, ["backup:1", "backup:2"]);
  assert.deepEqual([...inputs.databags], [["backup:2", { fileset: "/old" }]]);
  assert.equal(inputs.relationId, "backup:1");
  assert.equal(inputs.scriptsDir, DIR);
});

Deno.test("gather() reads no relation data on a non-leader, valid config or not", async () => {
  for (const config of ['{"fileset":"/srv"}', "{}"]) {
    const runner = scriptedRunner(firstRound({ config, leader: "false", ids: '["backup:1"]' }));
    const inputs = await gather({
      context: context("config-changed"),
      runner,
      store: createMemoryScriptStore(DIR),
    });
    runner.done();
    assert.equal(inputs.kind === "reconcile" && inputs.databags.size, 0);
  }
});

Deno.test("gather() on a leader with invalid config reads the relation data, to delete unset scripts' keys", async () => {
  const runner = scriptedRunner([
    ...firstRound({ config: "{}", ids: '["backup:1"]', leader: "true" }),
    {
      tool: "relation-get",
      args: ["-r", "backup:1", "--app", "--format=json", "-", APP],
      stdout: '{"fileset":"/old"}',
    },
  ]);
  const inputs = await gather({
    context: context("config-changed"),
    runner,
    store: createMemoryScriptStore(DIR),
  });
  runner.done();
  assert.ok(inputs.kind === "reconcile");
  assert.deepEqual([...inputs.databags], [["backup:1", { fileset: "/old" }]]);
  assert.deepEqual(inputs.config, {
    ok: false,
    message: "set fileset: juju config backup-integrator fileset=/path",
    unsetScripts: [
      "run-before-backup",
      "run-after-backup",
      "run-before-restore",
      "run-after-restore",
    ],
  });
});

Deno.test("gather() starts the first three tools and the file read before any answer comes", async () => {
  const started: string[] = [];
  const pending: (() => void)[] = [];
  const answers: Record<string, string> = {
    "config-get": "{}",
    "relation-ids": "[]",
    "is-leader": "false",
  };
  const runner = {
    run(call: HookToolCall) {
      started.push(call.tool);
      return new Promise<string>((resolve) => pending.push(() => resolve(answers[call.tool]!)));
    },
  };
  const memory = createMemoryScriptStore(DIR);
  const store: ScriptStore = {
    ...memory,
    load: (names) => {
      started.push("load");
      return memory.load(names);
    },
  };
  const done = gather({ context: context("config-changed"), runner, store });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(started, ["config-get", "relation-ids", "is-leader", "load"]);
  for (const answer of pending) answer();
  await done;
});

Deno.test("gather() returns a file error for the decision instead of throwing it", async () => {
  const error = new Error("permission denied");
  const runner = scriptedRunner(firstRound({ config: "{}", ids: "[]", leader: "true" }));
  const store: ScriptStore = { ...createMemoryScriptStore(DIR), load: () => Promise.reject(error) };
  const inputs = await gather({ context: context("config-changed"), runner, store });
  assert.ok(inputs.kind === "reconcile" && "error" in inputs.scripts);
  assert.equal(inputs.scripts.error, error);
});

Deno.test("gather() waits for every started tool before it throws the first failure", async () => {
  let running = 0;
  const runner = {
    async run(call: HookToolCall) {
      running++;
      await new Promise((resolve) => setTimeout(resolve, call.tool === "is-leader" ? 30 : 1));
      running--;
      if (call.tool === "config-get") {
        throw new HookToolError(call, { exitCode: 1, stderr: "ERROR boom" });
      }
      return call.tool === "relation-ids" ? "[]" : "true";
    },
  };
  await assert.rejects(
    () =>
      gather({ context: context("config-changed"), runner, store: createMemoryScriptStore(DIR) }),
    (error) => error instanceof HookToolError && error.tool === "config-get",
  );
  assert.equal(running, 0, "a hook tool was still running when gather() failed");
});
