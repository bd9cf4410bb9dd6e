import assert from "node:assert/strict";
import { hookContext } from "./hook_context.ts";
import { finishHook, startHook } from "./hook_lifecycle.ts";
import { APP, appBag, FOLLOWER, LEADER, run, setup } from "./tools/_testing.ts";

const CONFIG_CHANGED = { unit: LEADER, hook: "config-changed" };

Deno.test("finishHook() shows hook failed after a failing hook, until startHook() of the next restores the status", () => {
  const model = setup();
  run(model, "status-set", ["active", "ready"]);
  finishHook(model, CONFIG_CHANGED, 1);
  assert.deepEqual(model.units[LEADER]?.status, {
    status: "error",
    message: 'hook failed: "config-changed"',
  });
  // A retry that fails again keeps the workload status from before the first failure.
  startHook(model, CONFIG_CHANGED);
  assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "ready" });
  run(model, "status-set", ["maintenance", "retrying"]);
  finishHook(model, { unit: LEADER, hook: "update-status" }, 2);
  assert.deepEqual(model.units[LEADER]?.status, {
    status: "error",
    message: 'hook failed: "update-status"',
  });
  startHook(model, CONFIG_CHANGED);
  assert.deepEqual(model.units[LEADER]?.status, { status: "maintenance", message: "retrying" });
  assert.equal(model.units[LEADER]?.statusBeforeError, undefined);
  finishHook(model, CONFIG_CHANGED, 0);
  assert.deepEqual(model.units[LEADER]?.status, { status: "maintenance", message: "retrying" });
});

Deno.test("finishHook() commits relation writes on exit 0 and drops them otherwise", () => {
  const model = setup();
  const write = ["-r", "backup:3", "--app", "fileset=/srv"];
  run(model, "relation-set", write);
  finishHook(model, CONFIG_CHANGED, 1);
  assert.equal(appBag(model), undefined);
  assert.deepEqual(model.pending, {});
  run(model, "relation-set", write);
  finishHook(model, CONFIG_CHANGED, 0);
  assert.deepEqual(appBag(model), { fileset: "/srv" });
  assert.deepEqual(model.pending, {});
});

Deno.test("finishHook() removes the relation after its -relation-broken succeeds, and keeps it when it fails", () => {
  const model = setup();
  const broken = hookContext(model, { unit: LEADER, hook: "backup-relation-broken" });
  finishHook(model, broken, 1);
  assert.deepEqual(Object.keys(model.relations), ["backup:3"]);
  startHook(model, broken);
  finishHook(model, broken, 0);
  assert.deepEqual(model.relations, {});
  // Another unit's -relation-broken of the relation already gone changes nothing more.
  finishHook(model, { ...broken, unit: FOLLOWER }, 0);
  assert.deepEqual(model.relations, {});
});

Deno.test("finishHook() leaves the status alone when an action (no hook name) fails", () => {
  const model = setup();
  run(model, "status-set", ["active", "ready"]);
  finishHook(model, { unit: LEADER, hook: "" }, 1);
  assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "ready" });
});

Deno.test("startHook() of -relation-departed has the departing unit leave the relation first", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      remoteUnits: ["bacula-fd/0", "bacula-fd/1"],
    }],
  });
  const departed = hookContext(model, {
    unit: LEADER,
    hook: "backup-relation-departed",
    remoteUnit: "bacula-fd/1",
  });
  assert.equal(departed.departingUnit, "bacula-fd/1");
  startHook(model, departed);
  assert.deepEqual(model.relations["backup:3"]?.remoteUnits, ["bacula-fd/0"]);
  assert.equal(model.app, APP);
});
