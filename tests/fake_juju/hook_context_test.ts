import assert from "node:assert/strict";
import { hookContext, loadHookContext, saveHookContext } from "./hook_context.ts";
import { LEADER, setup } from "./tools/_testing.ts";

Deno.test("hookContext() gives a relation hook its relation, remote unit and departing unit", () => {
  const model = setup({
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", remoteUnits: ["bacula-fd/1"] }],
  });
  assert.deepEqual(hookContext(model, { unit: LEADER, hook: "config-changed" }), {
    unit: LEADER,
    hook: "config-changed",
  });
  assert.deepEqual(hookContext(model, { unit: LEADER, hook: "backup-relation-changed" }), {
    unit: LEADER,
    hook: "backup-relation-changed",
    relationId: "backup:1",
    remoteUnit: "bacula-fd/1",
  });
  assert.deepEqual(hookContext(model, { unit: LEADER, hook: "backup-relation-departed" }), {
    unit: LEADER,
    hook: "backup-relation-departed",
    relationId: "backup:1",
    remoteUnit: "bacula-fd/1",
    departingUnit: "bacula-fd/1",
  });
  // No remote unit in -created and -broken, whatever is asked.
  const created = hookContext(model, {
    unit: LEADER,
    hook: "backup-relation-created",
    remoteUnit: "bacula-fd/1",
  });
  assert.equal(created.remoteUnit, undefined);
  assert.equal(created.brokenRelationId, undefined);
});

Deno.test("hookContext() refuses an unknown unit, a missing relation and an endpoint with two relations", () => {
  const model = setup({
    relations: [
      { endpoint: "backup", remoteApp: "a", id: 3 },
      { endpoint: "backup", remoteApp: "b", id: 4 },
    ],
  });
  assert.throws(() => hookContext(model, { unit: "x/0", hook: "install" }), TypeError);
  assert.throws(
    () => hookContext(model, { unit: LEADER, hook: "backup-relation-changed" }),
    { name: "TypeError", message: /endpoint "backup" has 2 relations .*pass relationId/ },
  );
  assert.throws(
    () => hookContext(model, { unit: LEADER, hook: "juju-info-relation-joined" }),
    TypeError,
  );
  assert.throws(
    () =>
      hookContext(model, { unit: LEADER, hook: "backup-relation-joined", relationId: "backup:9" }),
    { name: "TypeError", message: 'Cannot run backup-relation-joined: no relation "backup:9"' },
  );
});

Deno.test("loadHookContext() finds the context saved under a hook's JUJU_CONTEXT_ID, and no other", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hook-context-test-" });
  try {
    const state = `${dir}/state.json`;
    const departed = {
      unit: LEADER,
      hook: "backup-relation-departed",
      relationId: "backup:3",
      remoteUnit: "bacula-fd/0",
      departingUnit: "bacula-fd/0",
    };
    await saveHookContext(state, `${LEADER}-backup-relation-departed-1`, departed);
    await saveHookContext(state, `${LEADER}-install-2`, { unit: LEADER, hook: "install" });
    assert.deepEqual(
      await loadHookContext(state, `${LEADER}-backup-relation-departed-1`),
      departed,
    );
    assert.deepEqual(await loadHookContext(state, `${LEADER}-install-2`), {
      unit: LEADER,
      hook: "install",
    });
    await assert.rejects(loadHookContext(state, `${LEADER}-install-3`), /bad context id/);
    await assert.rejects(loadHookContext(state, ""), /JUJU_CONTEXT_ID not set/);
    await assert.rejects(loadHookContext(state, undefined), TypeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
