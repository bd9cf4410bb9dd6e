import assert from "node:assert/strict";
import { finishHook, startAction } from "../hook_lifecycle.ts";
import { DEFAULT_FAIL_MESSAGE } from "./action_fail.ts";
import { appBag, assertFailure, assertUsageError, LEADER, run, setup } from "./_testing.ts";

Deno.test("runTool() action-fail marks the action failed with its message, and exit 0 still commits writes", () => {
  const model = setup();
  run(model, "status-set", ["active"]);
  const context = startAction(model, { unit: LEADER, name: "go", id: "1" });
  run(model, "relation-set", ["-r", "backup:3", "--app", "fileset=/srv"], context);
  assert.equal(run(model, "action-fail", ["no backup relation"], context).exitCode, 0);
  finishHook(model, context, 0);
  assert.equal(model.actions["1"]?.status, "failed");
  assert.equal(model.actions["1"]?.message, "no backup relation");
  assert.deepEqual(appBag(model), { fileset: "/srv" });
  assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "" });
});

Deno.test("runTool() action-fail without a message gives Juju's default, and takes at most one", () => {
  const model = setup();
  const context = startAction(model, { unit: LEADER, name: "go", id: "1" });
  assertUsageError(run(model, "action-fail", ["a", "b"], context), 'unrecognized args: ["b"]');
  assert.equal(model.actions["1"]?.failed, false);
  run(model, "action-fail", [], context);
  assert.equal(model.actions["1"]?.message, DEFAULT_FAIL_MESSAGE);
  assertFailure(run(model, "action-fail", ["x"]), "not running an action");
});

Deno.test("finishHook() ends an action completed on exit 0, failed with exit status N otherwise", () => {
  const model = setup();
  const first = startAction(model, { unit: LEADER, name: "go", id: "1" });
  run(model, "action-set", ["a=1"], first);
  finishHook(model, first, 0);
  assert.deepEqual(model.actions["1"], {
    unit: LEADER,
    name: "go",
    status: "completed",
    message: "",
    failed: false,
    results: { a: "1" },
  });
  const second = startAction(model, { unit: LEADER, name: "go", id: "2" });
  run(model, "relation-set", ["-r", "backup:3", "--app", "fileset=/srv"], second);
  run(model, "action-fail", ["first"], second);
  finishHook(model, second, 1);
  assert.equal(model.actions["2"]?.status, "failed");
  assert.equal(model.actions["2"]?.message, "exit status 1");
  assert.equal(appBag(model), undefined);
  assert.equal(model.units[LEADER]?.status.status, "unknown");
  assert.throws(() => startAction(model, { unit: LEADER, name: "go", id: "2" }), TypeError);
});

Deno.test("runTool() relation-get in an action needs -r, and a non-leader still may not read its own bag", () => {
  const model = setup();
  const leader = startAction(model, { unit: LEADER, name: "go", id: "1" });
  const follower = startAction(model, { unit: "backup-integrator/1", name: "go", id: "2" });
  const read = ["--app", "--format=json", "-", "backup-integrator"];
  assertUsageError(run(model, "relation-get", read, leader), "no relation id specified");
  assert.equal(run(model, "relation-get", ["-r", "backup:3", ...read], leader).stdout, "{}\n");
  assertFailure(
    run(model, "relation-get", ["-r", "backup:3", ...read], follower),
    "permission denied",
  );
});
