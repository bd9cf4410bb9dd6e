import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createModel, type FakeModel } from "../fake_juju/model.ts";
import { runActionInMemory, runHookInMemory } from "../fake_juju/memory_hook.ts";

const LEADER = "backup-integrator/0";
const FOLLOWER = "backup-integrator/1";
const SCRIPT = "#!/bin/sh\npg_dump app > /srv/app.sql\n";

function model(): FakeModel {
  return createModel({
    units: [LEADER, FOLLOWER],
    config: { fileset: "/srv", "run-before-backup": SCRIPT },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", id: 3 }],
  });
}

async function withOptDir(body: (optDir: string) => Promise<void>): Promise<void> {
  const optDir = await Deno.makeTempDir({ prefix: "run_action_" });
  try {
    await body(optDir);
  } finally {
    await Deno.remove(optDir, { recursive: true });
  }
}

function tools(calls: readonly { tool: string }[]): string[] {
  return calls.map((call) => call.tool).sort();
}

Deno.test("main() runs show-backup-config for actions/show-backup-config and changes nothing", async () => {
  await withOptDir(async (optDir) => {
    const m = model();
    await runHookInMemory(m, { unit: LEADER, hook: "config-changed", optDir });
    const scripts = `${optDir}/backup-integrator/scripts`;
    await Deno.chmod(scripts, 0o750);
    const before = structuredClone({ units: m.units, relations: m.relations });
    const result = await runActionInMemory(m, { unit: LEADER, name: "show-backup-config", optDir });
    assert.equal(result.exitCode, 0, result.errors.join("\n"));
    assert.deepEqual(tools(result.calls), [
      "action-set",
      "config-get",
      "is-leader",
      "relation-get",
      "relation-ids",
    ]);
    assert.equal(result.action.status, "completed");
    assert.deepEqual({ units: m.units, relations: m.relations }, before);
    assert.equal((await Deno.stat(scripts)).mode! & 0o777, 0o750);
  });
});

Deno.test("main() on a non-leader runs show-backup-config without reading its own application bag", async () => {
  await withOptDir(async (optDir) => {
    const m = model();
    await runHookInMemory(m, { unit: FOLLOWER, hook: "config-changed", optDir });
    const result = await runActionInMemory(m, {
      unit: FOLLOWER,
      name: "show-backup-config",
      optDir,
    });
    assert.equal(result.exitCode, 0, result.errors.join("\n"));
    assert.deepEqual(tools(result.calls), [
      "action-set",
      "config-get",
      "is-leader",
      "relation-ids",
    ]);
    const files = result.action.results["files"];
    assert.ok(typeof files === "object");
    assert.deepEqual(files["run-before-backup"], {
      path: `${optDir}/backup-integrator/scripts/run-before-backup`,
      state: "matches",
      mode: "0700",
      size: String(new TextEncoder().encode(SCRIPT).length),
      sha256: createHash("sha256").update(SCRIPT).digest("hex"),
      "expected-sha256": createHash("sha256").update(SCRIPT).digest("hex"),
    });
    assert.equal(JSON.stringify(result.action.results).includes("pg_dump"), false);
  });
});

Deno.test("main() fails an unknown action with action-fail naming the actions there are, and exits 0", async () => {
  await withOptDir(async (optDir) => {
    const m = model();
    const result = await runActionInMemory(m, { unit: LEADER, name: "show-backup", optDir });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(tools(result.calls), ["action-fail"]);
    assert.equal(result.action.status, "failed");
    assert.equal(
      result.action.message,
      'unknown action "show-backup": this charm has show-backup-config',
    );
  });
});

Deno.test("main() turns a failing hook tool in an action into action-fail with the reason, a log line and exit 0", async () => {
  await withOptDir(async (optDir) => {
    const m = model();
    m.faults.push({ tool: "config-get", exitCode: 1, stderr: "ERROR connection refused" });
    const result = await runActionInMemory(m, { unit: LEADER, name: "show-backup-config", optDir });
    assert.equal(result.exitCode, 0);
    assert.equal(result.action.status, "failed");
    assert.match(
      result.action.message,
      /^show-backup-config failed: HookToolError: Hook tool failed: config-get --format=json exited with 1: ERROR connection refused$/,
    );
    assert.deepEqual(m.units[LEADER]?.logs, [{ level: "ERROR", message: result.action.message }]);
    assert.deepEqual(m.units[LEADER]?.status, { status: "unknown", message: "" });
  });
});

Deno.test("main() exits 1 from an action when even action-fail fails", async () => {
  await withOptDir(async (optDir) => {
    const m = model();
    m.faults.push({ tool: "action-fail", exitCode: 1, stderr: "ERROR connection refused" });
    const result = await runActionInMemory(m, { unit: LEADER, name: "nope", optDir });
    assert.equal(result.exitCode, 1);
    assert.equal(result.action.message, "exit status 1");
  });
});
