import assert from "node:assert/strict";
import { FOLLOWER, run, setup } from "./_testing.ts";

Deno.test("runTool() is-leader prints true or false as JSON", () => {
  const model = setup();
  assert.equal(run(model, "is-leader", ["--format=json"]).stdout, "true\n");
  assert.equal(run(model, "is-leader", ["--format=json"], { unit: FOLLOWER }).stdout, "false\n");
  assert.equal(run(model, "is-leader", []).stdout, "True\n");
});
