// The three scenarios of tests/integration/scenarios/, run here as the
// integration workflow runs them (`deno task test:integration`, its
// permissions read from deno.json), against the fake `juju` and a Baculum
// stand-in on loopback.

import assert from "node:assert/strict";
import { fakeWorld } from "./fake_world.ts";
import { runIntegrationTask } from "./integration_task.ts";

const TIMEOUT_MS = 240_000;

Deno.test({
  name: "the three scenarios pass against the fake juju, under the integration task's permissions",
  async fn() {
    await using world = await fakeWorld();
    const result = await runIntegrationTask({ env: world.env, timeoutMs: TIMEOUT_MS });
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /ok \| 3 passed \(\d+ steps\) \| 0 failed/);
    const state = await world.juju.state();
    const commands = (name: string) => state.calls.filter((c) => c[0] === name);
    assert.deepEqual(commands("add-model").map((c) => c[1]), [
      "fake-charm",
      "fake-refresh",
      "fake-round-trip",
    ]);
    assert.deepEqual(commands("destroy-model").map((c) => c[1]), [
      "fake-charm",
      "fake-refresh",
      "fake-round-trip",
    ]);
    assert.deepEqual(state.models, {});
    assert.ok(commands("config").every((c) => !c.includes("--file")));
  },
});

Deno.test({
  name: "the round trip fails without --allow-net, and its model is destroyed all the same",
  async fn() {
    await using world = await fakeWorld();
    const result = await runIntegrationTask({
      env: world.env,
      drop: "--allow-net",
      files: ["tests/integration/scenarios/round_trip_test.ts"],
      timeoutMs: TIMEOUT_MS,
    });
    assert.notEqual(result.code, 0, result.output);
    assert.match(result.output, /NotCapable: Requires net access to "127\.0\.0\.1:\d+"/);
    const state = await world.juju.state();
    assert.deepEqual(state.models, {});
    assert.ok(state.calls.some((c) => c[0] === "destroy-model" && c[1] === "fake-round-trip"));
  },
});
