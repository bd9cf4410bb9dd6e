import assert from "node:assert/strict";
import { startAction } from "../hook_lifecycle.ts";
import { assertFailure, assertUsageError, LEADER, run, setup } from "./_testing.ts";

function inAction() {
  const model = setup();
  const context = startAction(model, { unit: LEADER, name: "show-backup-config", id: "1" });
  return { model, context };
}

Deno.test("runTool() action-set nests dot-separated keys and lets a later value replace an earlier one", () => {
  const { model, context } = inAction();
  const ok = (args: string[]) => assert.equal(run(model, "action-set", args, context).exitCode, 0);
  ok(["outfile.size=10G", "foo.bar=2", "e="]);
  ok(["foo.baz.val=3", "foo.bar.zab=4", "a=b=c", "500=x", "5-o-0.a1=y"]);
  ok(["foo.baz=1"]);
  assert.deepEqual(model.actions["1"]?.results, {
    outfile: { size: "10G" },
    foo: { bar: { zab: "4" }, baz: "1" },
    e: "",
    a: "b=c",
    "500": "x",
    "5-o-0": { a1: "y" },
  });
});

Deno.test("runTool() action-set refuses a bad or reserved key and then sets nothing", () => {
  const { model, context } = inAction();
  const cases: [string, string][] = [
    ["noequals", 'argument "noequals" must be of the form key...=value'],
    [
      "Foo=1",
      'key "Foo" must start and end with lowercase alphanumeric, and contain only ' +
      "lowercase alphanumeric and hyphens",
    ],
    [
      "foo-=1",
      'key "foo-" must start and end with lowercase alphanumeric, and contain only ' +
      "lowercase alphanumeric and hyphens",
    ],
    [
      "foo..bar=1",
      'key "" must start and end with lowercase alphanumeric, and contain only ' +
      "lowercase alphanumeric and hyphens",
    ],
    [
      "backup:3.fileset=1",
      'key "backup:3" must start and end with lowercase alphanumeric, ' +
      "and contain only lowercase alphanumeric and hyphens",
    ],
    ["stdout=1", 'cannot set reserved action key "stdout"'],
    ["a.stderr=1", 'cannot set reserved action key "stderr"'],
    ["stdout-encoding=1", 'cannot set reserved action key "stdout-encoding"'],
    ["stderr-encoding.x=1", 'cannot set reserved action key "stderr-encoding"'],
  ];
  for (const [arg, message] of cases) {
    assertUsageError(run(model, "action-set", ["ok=1", arg], context), message);
  }
  assert.deepEqual(model.actions["1"]?.results, {});
});

Deno.test("runTool() action-set fails outside an action, after checking its arguments", () => {
  const model = setup();
  assertFailure(run(model, "action-set", ["a=1"]), "not running an action");
  assertUsageError(run(model, "action-set", ["A=1"]));
  // Another unit's action is not this unit's.
  startAction(model, { unit: "backup-integrator/1", name: "x", id: "9" });
  assertFailure(
    run(model, "action-set", ["a=1"], { hook: "", actionId: "9" }),
    "not running an action",
  );
});
