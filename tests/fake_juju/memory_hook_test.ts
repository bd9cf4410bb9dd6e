import assert from "node:assert/strict";
import { runHookInMemory } from "./memory_hook.ts";
import { createModel } from "./model.ts";

const LEADER = "backup-integrator/0";

for (const jujuVersion of ["3.6.4", "3.3.6"]) {
  Deno.test(`runHookInMemory() on Juju ${jujuVersion}: the charm leaves the broken relation out, which is then removed`, async () => {
    const optDir = await Deno.makeTempDir({ prefix: "memory-hook-" });
    try {
      const model = createModel({
        jujuVersion,
        config: { fileset: "/srv" },
        relations: [
          { endpoint: "backup", remoteApp: "bacula-fd" },
          { endpoint: "backup", remoteApp: "other-fd" },
        ],
      });
      const result = await runHookInMemory(model, {
        unit: LEADER,
        hook: "backup-relation-broken",
        relationId: "backup:1",
        optDir,
      });
      assert.equal(result.exitCode, 0, result.errors.join("\n"));
      assert.equal(result.env["JUJU_VERSION"], jujuVersion);
      const writes = result.calls.filter((call) => call.tool === "relation-set");
      assert.deepEqual(writes.map((call) => call.args[1]), ["backup:2"]);
      assert.deepEqual(Object.keys(model.relations), ["backup:2"]);
      assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "" });
    } finally {
      await Deno.remove(optDir, { recursive: true });
    }
  });
}

Deno.test("runHookInMemory() shows a failed hook, and the next hook clears it", async () => {
  const optDir = await Deno.makeTempDir({ prefix: "memory-hook-" });
  try {
    const model = createModel({ config: { fileset: "/srv" } });
    model.faults.push({ tool: "status-set", exitCode: 1, stderr: "ERROR boom", remaining: 1 });
    const failed = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
    assert.equal(failed.exitCode, 1);
    assert.deepEqual(model.units[LEADER]?.status, {
      status: "error",
      message: 'hook failed: "config-changed"',
    });
    const retried = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
    assert.equal(retried.exitCode, 0, retried.errors.join("\n"));
    assert.equal(model.units[LEADER]?.status.status, "waiting");
  } finally {
    await Deno.remove(optDir, { recursive: true });
  }
});
