// apply(): the one place that acts, in the order a decision lists.
import assert from "node:assert/strict";
import { apply } from "../../src/charm/apply.ts";
import type { Decision } from "../../src/charm/decide.ts";
import { HookToolError } from "../../src/juju/hook_tool_runner.ts";
import { scriptedRunner } from "../juju/scripted_runner.ts";
import { createMemoryScriptStore } from "./memory_script_store.ts";

const UNIT = "backup-integrator/0";
const DIR = "/opt/backup-integrator-charm/backup-integrator/scripts";
const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("apply() changes files, then relation data, then logs, and sets the status last", async () => {
  const store = createMemoryScriptStore(DIR);
  store.files.set("run-after-restore", { content: bytes("old"), mode: 0o700 });
  const decision: Decision = {
    files: [
      { kind: "claim", unit: UNIT },
      { kind: "write", name: "run-after-backup", content: bytes("#!/bin/sh\n"), mode: 0o700 },
      { kind: "remove", name: "run-after-restore" },
    ],
    patches: [{ relationId: "backup:1", data: { fileset: "/srv" } }],
    logs: [{ level: "INFO", message: "wrote it" }, { level: "WARNING", message: "and this" }],
    status: { name: "active", message: "" },
  };
  const runner = scriptedRunner([
    {
      tool: "relation-set",
      args: ["-r", "backup:1", "--app", "--file", "-"],
      stdin: '{"fileset":"/srv"}',
    },
    { tool: "juju-log", args: ["--log-level", "INFO", "--", "wrote it"] },
    { tool: "juju-log", args: ["--log-level", "WARNING", "--", "and this"] },
    { tool: "status-set", args: ["active", "--", ""] },
  ]);
  await apply(decision, { runner, store });
  runner.done();
  assert.deepEqual(store.operations, ["write run-after-backup", "remove run-after-restore"]);
  assert.deepEqual(store.files.get("run-after-backup"), {
    content: bytes("#!/bin/sh\n"),
    mode: 0o700,
  });
});

Deno.test("apply() throws a decision's failure before changing anything", async () => {
  const store = createMemoryScriptStore(DIR);
  const failure = new Error("cannot read the scripts directory");
  const runner = scriptedRunner([]);
  await assert.rejects(
    () =>
      apply({
        failure,
        files: [{ kind: "claim", unit: UNIT }],
        patches: [],
        logs: [],
        status: { name: "active", message: "" },
      }, { runner, store }),
    (error) => error === failure,
  );
  runner.done();
  assert.deepEqual(store.operations, []);
});

Deno.test("apply() stops at a failed file change: no relation data, no log, no status", async () => {
  const store = createMemoryScriptStore(DIR);
  store.failWrites = "read-only file system";
  const runner = scriptedRunner([]);
  await assert.rejects(
    () =>
      apply({
        files: [{ kind: "write", name: "run-after-backup", content: bytes("x"), mode: 0o700 }],
        patches: [{ relationId: "backup:1", data: { fileset: "/srv" } }],
        logs: [{ level: "INFO", message: "wrote" }],
        status: { name: "active", message: "" },
      }, { runner, store }),
    /read-only file system/,
  );
  runner.done();
});

Deno.test("apply() in remove logs what the release did and sets no status", async () => {
  const store = createMemoryScriptStore(DIR);
  await store.claim(UNIT);
  await store.claim("backup-integrator/1");
  const kept = scriptedRunner([{
    tool: "juju-log",
    args: [
      "--log-level",
      "INFO",
      "--",
      "kept /opt/backup-integrator-charm/backup-integrator: still used by backup-integrator/1 on this machine",
    ],
  }]);
  await apply({ files: [{ kind: "release", unit: UNIT }], patches: [], logs: [] }, {
    runner: kept,
    store,
  });
  kept.done();
  const removed = scriptedRunner([{
    tool: "juju-log",
    args: ["--log-level", "INFO", "--", "removed /opt/backup-integrator-charm/backup-integrator"],
  }]);
  await apply(
    { files: [{ kind: "release", unit: "backup-integrator/1" }], patches: [], logs: [] },
    {
      runner: removed,
      store,
    },
  );
  removed.done();
  assert.deepEqual(store.operations, ["removeAll"]);
});

Deno.test("apply() in remove fails the hook when its log line cannot be written", async () => {
  const store = createMemoryScriptStore(DIR);
  const runner = scriptedRunner([{
    tool: "juju-log",
    args: ["--log-level", "INFO", "--", "removed /opt/backup-integrator-charm/backup-integrator"],
    fail: { exitCode: 1, stderr: "ERROR connection refused" },
  }]);
  await assert.rejects(
    () =>
      apply({ files: [{ kind: "release", unit: UNIT }], patches: [], logs: [] }, { runner, store }),
    HookToolError,
  );
  runner.done();
});
