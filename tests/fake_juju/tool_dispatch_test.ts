import assert from "node:assert/strict";
import { FAKE_TOOLS, isFakeTool } from "./tool_dispatch.ts";
import { assertFailure, assertUsageError, FOLLOWER, LEADER, run, setup } from "./tools/_testing.ts";

Deno.test("runTool() rejects an unknown flag or format with exit 2 and nothing on stdout", () => {
  const model = setup();
  assertUsageError(
    run(model, "is-leader", ["--bogus"]),
    "option provided but not defined: --bogus",
  );
  assertUsageError(
    run(model, "config-get", ["--format=xml"]),
    'invalid value "xml" for option --format: unknown format "xml"',
  );
  assertUsageError(run(model, "relation-get", ["-r"]), "option needs an argument: -r");
  assertUsageError(run(model, "status-set", ["--format=json", "active"]));
});

Deno.test("runTool() records every call in order, failed ones included", () => {
  const model = setup();
  run(model, "is-leader", ["--format=json"]);
  run(model, "status-set", ["bogus"], { unit: FOLLOWER, hook: "install" });
  assert.deepEqual(model.calls, [
    { unit: LEADER, hook: "config-changed", tool: "is-leader", args: ["--format=json"] },
    { unit: FOLLOWER, hook: "install", tool: "status-set", args: ["bogus"] },
  ]);
});

Deno.test("runTool() applies an injected fault instead of the tool, then wears it out", () => {
  const model = setup();
  model.faults.push({
    tool: "status-set",
    exitCode: 1,
    stderr: "ERROR connection refused",
    remaining: 2,
  });
  model.faults.push({ tool: "is-leader", unit: FOLLOWER, exitCode: 2, stderr: "ERROR bad\n" });
  for (let index = 0; index < 2; index++) {
    assertFailure(run(model, "status-set", ["active"]), "connection refused");
  }
  assert.deepEqual(model.units[LEADER]?.status, { status: "unknown", message: "" });
  assert.equal(run(model, "status-set", ["active"]).exitCode, 0);
  assert.equal(model.calls.length, 3);
  assert.equal(run(model, "is-leader", ["--format=json"]).exitCode, 0);
  assert.equal(run(model, "is-leader", ["--format=json"], { unit: FOLLOWER }).exitCode, 2);
  assert.equal(run(model, "is-leader", ["--format=json"], { unit: FOLLOWER }).exitCode, 2);
  assert.equal(model.faults.length, 1);
});

Deno.test("runTool() throws on a tool the fake does not have", () => {
  assert.throws(() => run(setup(), "leader-set", ["a=b"]), TypeError);
});

Deno.test("FAKE_TOOLS are the tools the charm calls, and no other", () => {
  assert.deepEqual([...FAKE_TOOLS].sort(), [
    "action-fail",
    "action-set",
    "config-get",
    "is-leader",
    "juju-log",
    "relation-get",
    "relation-ids",
    "relation-set",
    "status-set",
  ]);
  for (
    const tool of [
      "relation-list",
      "status-get",
      "application-version-set",
      "leader-set",
      "action-get",
    ]
  ) {
    assert.equal(isFakeTool(tool), false, tool);
  }
});
