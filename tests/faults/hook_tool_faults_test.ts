/**
 * Each hook tool the charm calls, made to fail in turn, with exit 1 (a
 * runtime failure) and exit 2 (a usage error): the hook fails, nothing it
 * wrote to a relation is committed, the unit never shows `active` after the
 * failure, and the next successful hook converges.
 *
 * Most cases run `main()` against the in-memory fake with the real script
 * store; a representative few run the real `dispatch`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { CONTRACT_HOOK_TOOLS } from "../contract.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { createModel, type FakeCall, type FakeModel } from "../fake_juju/model.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { APP, FOLLOWER, LEADER, SCRIPT, temporaryFiles, withTempDir } from "./fault_helpers.ts";

const CONFIG = { fileset: "/srv,/var/backups", "run-before-backup": SCRIPT };
const STDERR: Readonly<Record<1 | 2, string>> = {
  1: "ERROR connection to the unit agent refused",
  2: 'ERROR invalid value "backup:1" for option -r: relation not found',
};

function freshModel(): FakeModel {
  return createModel({
    app: APP,
    units: [LEADER, FOLLOWER],
    config: CONFIG,
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  });
}

function desiredBag(optDir: string) {
  return {
    fileset: "/srv,/var/backups",
    "run-before-backup": `${optDir}/${APP}/scripts/run-before-backup`,
  };
}

function activeAfter(calls: readonly FakeCall[], tool: string): boolean {
  const failed = calls.findIndex((call) => call.tool === tool);
  return calls.slice(failed + 1).some((call) =>
    call.tool === "status-set" && call.args[0] === "active"
  );
}

Deno.test("the scenario of the fault tests calls every hook tool the charm may run", async () => {
  await withTempDir(async (optDir) => {
    const model = freshModel();
    const result = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
    assert.equal(result.exitCode, 0, result.errors.join("\n"));
    assert.deepEqual(new Set(result.calls.map((call) => call.tool)), new Set(CONTRACT_HOOK_TOOLS));
  });
});

Deno.test("a hook tool failing with exit 1 or 2 fails the hook, commits nothing, and the next hook converges", async () => {
  for (const unit of [LEADER, FOLLOWER]) {
    for (const tool of CONTRACT_HOOK_TOOLS) {
      for (const exitCode of [1, 2] as const) {
        const label = `${unit} ${tool} exit ${exitCode}`;
        await withTempDir(async (optDir) => {
          const model = freshModel();
          model.faults.push({ tool, exitCode, stderr: STDERR[exitCode] });
          const failed = await runHookInMemory(model, { unit, hook: "config-changed", optDir });
          if (!failed.calls.some((call) => call.tool === tool)) {
            // This unit never calls the tool (a non-leader reads no relation data).
            assert.equal(failed.exitCode, 0, label);
            return;
          }
          assert.equal(failed.exitCode, 1, label);
          assert.match(
            failed.errors[0] ?? "",
            new RegExp(`${tool}.*exited with ${exitCode}`),
            label,
          );
          assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {}, label);
          assert.deepEqual(model.pending, {}, label);
          assert.deepEqual(model.units[unit]?.status, {
            status: "error",
            message: 'hook failed: "config-changed"',
          }, label);
          assert.equal(activeAfter(failed.calls, tool), false, label);
          assert.deepEqual(await temporaryFiles(optDir), [], label);

          model.faults = [];
          const retried = await runHookInMemory(model, { unit, hook: "config-changed", optDir });
          assert.equal(retried.exitCode, 0, `${label}: ${retried.errors.join("\n")}`);
          assert.deepEqual(model.units[unit]?.status, { status: "active", message: "" }, label);
          assert.equal(
            await Deno.readTextFile(`${optDir}/${APP}/scripts/run-before-backup`),
            SCRIPT,
            label,
          );
          const expected = unit === LEADER ? desiredBag(optDir) : {};
          assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, expected, label);
        });
      }
    }
  }
});

Deno.test("a hook tool failing in the middle of a steady hook leaves the published data as it was", async () => {
  await withTempDir(async (optDir) => {
    const model = freshModel();
    assert.equal(
      (await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir }))
        .exitCode,
      0,
    );
    const published = structuredClone(model.relations["backup:1"]?.appData[APP]);
    // A new fileset: the leader writes the relation, then status-set fails.
    model.config["fileset"] = "/srv";
    model.faults.push({ tool: "status-set", exitCode: 1, stderr: STDERR[1], remaining: 1 });
    const failed = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
    assert.equal(failed.exitCode, 1);
    assert.ok(failed.calls.some((call) => call.tool === "relation-set"));
    assert.deepEqual(model.relations["backup:1"]?.appData[APP], published);
    const retried = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
    assert.equal(retried.exitCode, 0, retried.errors.join("\n"));
    assert.equal(model.relations["backup:1"]?.appData[APP]?.["fileset"], "/srv");
  });
});

Deno.test("dispatch fails and commits nothing when relation-set exits 2 or is-leader exits 1, then converges", async () => {
  const juju = await FakeJuju.create({
    app: APP,
    units: [LEADER],
    config: CONFIG,
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
    entry: await charmEntry(),
  });
  try {
    for (
      const fault of [{ tool: "relation-set", exitCode: 2 }, {
        tool: "is-leader",
        exitCode: 1,
      }] as const
    ) {
      await juju.addFault({ ...fault, stderr: STDERR[fault.exitCode], remaining: 1 });
      const failed = await juju.runHook(LEADER, "config-changed");
      assert.equal(failed.exitCode, 1, fault.tool);
      assert.match(failed.stderr, new RegExp(`${fault.tool}.*exited with ${fault.exitCode}`));
      const model = await juju.model();
      assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {}, fault.tool);
      assert.equal(model.units[LEADER]?.status.status, "error", fault.tool);
      assert.equal(activeAfter(failed.calls, fault.tool), false, fault.tool);
      assert.equal(model.units[LEADER]?.logs.at(-1)?.level, "ERROR", fault.tool);
    }
    const retried = await juju.runHook(LEADER, "config-changed");
    assert.equal(retried.exitCode, 0, retried.stderr);
    const model = await juju.model();
    assert.deepEqual(model.relations["backup:1"]?.appData[APP], desiredBag(juju.optDir));
    assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "" });
  } finally {
    await juju.cleanup();
  }
});
