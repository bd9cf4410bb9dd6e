import assert from "node:assert/strict";
import { simulateIn } from "./simulate_testing.ts";
import { checkHookName, knownHooks, readEndpoints } from "./simulate_hooks.ts";

Deno.test("simulate refuses a misspelled hook with exit 2, naming the closest and every known hook, running nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "simulate_hooks_" });
  try {
    const result = await simulateIn(dir)("confg-changed");
    assert.equal(result.code, 2);
    assert.equal(result.out, "");
    assert.match(result.err, /^Unknown hook "confg-changed" \(did you mean "config-changed"\?\): /);
    for (
      const hook of ["install", "remove", "backup-relation-broken", "juju-info-relation-joined"]
    ) {
      assert.ok(result.err.includes(hook), hook);
    }
    assert.deepEqual([...Deno.readDirSync(dir)], [], "no state and no files were written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("simulate still runs a hook the charm does not observe, such as update-status", async () => {
  const dir = await Deno.makeTempDir({ prefix: "simulate_hooks_" });
  try {
    const result = await simulateIn(dir)("update-status");
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^update-status on backup-integrator\/0/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("knownHooks() gives each declared endpoint's relation hooks beside the charm hooks", async () => {
  assert.deepEqual(await readEndpoints(), ["backup", "juju-info"]);
  const known = knownHooks(["backup"]);
  assert.ok(known.includes("config-changed") && known.includes("stop"));
  assert.deepEqual(known.filter((hook) => hook.startsWith("backup-")), [
    "backup-relation-created",
    "backup-relation-joined",
    "backup-relation-changed",
    "backup-relation-departed",
    "backup-relation-broken",
  ]);
});

Deno.test("checkHookName() accepts known hooks and other names given, and suggests only near ones", () => {
  const known = knownHooks(["backup"]);
  checkHookName("backup-relation-changed", known);
  checkHookName("show-backup-config", known, ["show-backup-config"]);
  assert.throws(() => checkHookName("show-backup-config", known), /Unknown hook/);
  assert.throws(
    () => checkHookName("frobnicate", known),
    (error: Error) => error.name === "SimulateUsageError" && !error.message.includes("did you"),
  );
});

Deno.test("simulate suggests the action for a misspelled action, and runs the action itself", async () => {
  const dir = await Deno.makeTempDir({ prefix: "simulate_hooks_" });
  try {
    const run = simulateIn(dir);
    const wrong = await run("show-backup-confg");
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.err,
      /\(did you mean "show-backup-config"\?\).*; the actions are show-backup-config$/,
    );
    const right = await run("show-backup-config");
    assert.notEqual(right.code, 2, right.err);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
