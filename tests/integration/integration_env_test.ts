import assert from "node:assert/strict";
import { integrationGate, scenarioTiming } from "./integration_env.ts";

Deno.test("integrationGate() skips, saying why, when no model prefix is given", () => {
  for (const env of [{}, { JUJU_MODEL_PREFIX: "" }, { CHARM_PATH: "x.charm" }]) {
    const gate = integrationGate(env, "/src");
    assert.equal(gate.run, false);
    assert.ok(!gate.run && /set JUJU_MODEL_PREFIX/.test(gate.reason));
  }
});

Deno.test("integrationGate() runs with a prefix, on the base's charm as an absolute path", () => {
  assert.deepEqual(integrationGate({ JUJU_MODEL_PREFIX: "m" }, "/src"), {
    run: true,
    settings: {
      modelPrefix: "m",
      base: "ubuntu@24.04",
      charmPath: "/src/dist/backup-integrator_ubuntu@24.04-amd64.charm",
      baculaFdChannel: "latest/edge",
      pythonCharmChannel: "latest/edge",
      baculaServerChannel: "latest/edge",
      roundTrip: false,
      pollMs: 5_000,
      deadlineMs: undefined,
      baculumPort: 9096,
    },
  });
  const gate = integrationGate({
    JUJU_MODEL_PREFIX: "m",
    CHARM_BASE: "ubuntu@22.04",
    CHARM_PATH: "/srv/x.charm",
    BACULA_FD_CHANNEL: "latest/stable",
    BACKUP_ROUND_TRIP: "1",
    JUJU_POLL_MS: "10",
    SCENARIO_DEADLINE_MS: "60000",
    BACULUM_PORT: "40000",
  }, "/src");
  assert.ok(gate.run);
  assert.equal(gate.settings.charmPath, "/srv/x.charm");
  assert.equal(gate.settings.base, "ubuntu@22.04");
  assert.equal(gate.settings.baculaFdChannel, "latest/stable");
  assert.equal(gate.settings.roundTrip, true);
  assert.deepEqual(
    [gate.settings.pollMs, gate.settings.deadlineMs, gate.settings.baculumPort],
    [10, 60000, 40000],
  );
});

Deno.test("integrationGate() makes a relative CHARM_PATH absolute, as juju needs", () => {
  const gate = integrationGate({ JUJU_MODEL_PREFIX: "m", CHARM_PATH: "dist/x.charm" }, "/src");
  assert.ok(gate.run && gate.settings.charmPath === "/src/dist/x.charm");
});

Deno.test("integrationGate() refuses a number setting that is not a positive integer", () => {
  assert.throws(
    () => integrationGate({ JUJU_MODEL_PREFIX: "m", JUJU_POLL_MS: "soon" }, "/src"),
    /Cannot read JUJU_POLL_MS: "soon" is not a positive integer/,
  );
});

Deno.test("scenarioTiming() keeps a scenario's own deadline unless SCENARIO_DEADLINE_MS is lower", () => {
  const gate = integrationGate({ JUJU_MODEL_PREFIX: "m", JUJU_POLL_MS: "7" }, "/src");
  assert.ok(gate.run);
  assert.deepEqual(scenarioTiming(gate.settings, 60_000), { pollMs: 7, deadlineMs: 60_000 });
  const capped = { ...gate.settings, deadlineMs: 1_000 };
  assert.deepEqual(scenarioTiming(capped, 60_000), { pollMs: 7, deadlineMs: 1_000 });
  assert.deepEqual(scenarioTiming({ ...capped, deadlineMs: 90_000 }, 60_000).deadlineMs, 60_000);
});
