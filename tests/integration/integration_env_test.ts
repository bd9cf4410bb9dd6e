import assert from "node:assert/strict";
import { integrationGate } from "./integration_env.ts";

Deno.test("integrationGate() skips, saying why, when no model is given", () => {
  for (const env of [{}, { JUJU_MODEL: "" }, { CHARM_PATH: "x.charm" }]) {
    const gate = integrationGate(env);
    assert.equal(gate.run, false);
    assert.ok(!gate.run && /set JUJU_MODEL/.test(gate.reason));
  }
});

Deno.test("integrationGate() runs with a model, on the base's charm unless CHARM_PATH says", () => {
  assert.deepEqual(integrationGate({ JUJU_MODEL: "m" }), {
    run: true,
    settings: {
      model: "m",
      base: "ubuntu@24.04",
      charmPath: "dist/backup-integrator_ubuntu@24.04-amd64.charm",
      baculaFdChannel: "latest/edge",
      pythonCharmChannel: "latest/edge",
      baculaServerChannel: "latest/edge",
      roundTrip: false,
    },
  });
  const gate = integrationGate({
    JUJU_MODEL: "m",
    CHARM_BASE: "ubuntu@22.04",
    CHARM_PATH: "/tmp/x.charm",
    BACULA_FD_CHANNEL: "latest/stable",
    BACKUP_ROUND_TRIP: "1",
  });
  assert.ok(gate.run);
  assert.equal(gate.settings.charmPath, "/tmp/x.charm");
  assert.equal(gate.settings.base, "ubuntu@22.04");
  assert.equal(gate.settings.baculaFdChannel, "latest/stable");
  assert.equal(gate.settings.roundTrip, true);
});
