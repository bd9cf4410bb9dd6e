import assert from "node:assert/strict";
import { assertUsageError, LEADER, run, setup } from "./_testing.ts";

Deno.test("runTool() status-set takes effect at once and refuses other statuses with exit 2", () => {
  const model = setup();
  assert.equal(run(model, "status-set", ["active", "--", "-ready-"]).exitCode, 0);
  assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "-ready-" });
  assert.equal(run(model, "status-set", ["waiting"]).exitCode, 0);
  assert.deepEqual(model.units[LEADER]?.status, { status: "waiting", message: "" });
  assertUsageError(
    run(model, "status-set", ["error", "x"]),
    'invalid status "error", expected one of [maintenance blocked waiting active]',
  );
  assertUsageError(run(model, "status-set", []), "invalid args, require <status> [message]");
  assertUsageError(run(model, "status-set", ["active", "a", "b"]), 'unrecognized args: ["b"]');
});
