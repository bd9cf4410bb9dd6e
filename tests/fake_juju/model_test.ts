import assert from "node:assert/strict";
import {
  addRelation,
  createModel,
  DEFAULT_JUJU_VERSION,
  relationsOf,
  removeRelation,
  setConfig,
  setLeader,
} from "./model.ts";
import { FOLLOWER, LEADER, setup } from "./tools/_testing.ts";

Deno.test("createModel() starts every unit unknown, the first unit leading", () => {
  const model = setup();
  assert.deepEqual(model.units[LEADER], {
    leader: true,
    status: { status: "unknown", message: "" },
    logs: [],
  });
  assert.equal(model.units[FOLLOWER]?.leader, false);
  assert.deepEqual(Object.keys(model.relations), ["backup:3"]);
  assert.deepEqual(model.relations["backup:3"]?.remoteUnits, ["bacula-fd/0"]);
  assert.equal(model.nextRelationId, 4);
  assert.deepEqual(JSON.parse(JSON.stringify(model)), model);
});

Deno.test("createModel() emulates Juju 3.6.4 unless given another version, and refuses a malformed one", () => {
  assert.equal(DEFAULT_JUJU_VERSION, "3.6.4");
  assert.equal(setup().jujuVersion, "3.6.4");
  assert.equal(setup({ jujuVersion: "2.9.50" }).jujuVersion, "2.9.50");
  for (const jujuVersion of ["3", "v3.4.0", "3.x", ""]) {
    assert.throws(() => setup({ jujuVersion }), TypeError, jujuVersion);
  }
});

Deno.test("createModel() with leader null has no leader; a leader that is not a unit is refused", () => {
  const model = createModel({ units: [LEADER, FOLLOWER], leader: null });
  assert.deepEqual(Object.values(model.units).map((unit) => unit.leader), [false, false]);
  assert.throws(() => createModel({ units: [LEADER], leader: FOLLOWER }), TypeError);
});

Deno.test("addRelation() numbers relations on and never reuses an id in use", () => {
  const model = setup();
  assert.equal(addRelation(model, { endpoint: "juju-info", remoteApp: "ubuntu" }), "juju-info:4");
  assert.equal(addRelation(model, { endpoint: "backup", remoteApp: "other", id: 9 }), "backup:9");
  assert.equal(model.nextRelationId, 10);
  assert.throws(() => addRelation(model, { endpoint: "backup", remoteApp: "x", id: 3 }), TypeError);
  assert.deepEqual(relationsOf(model, "backup"), ["backup:3", "backup:9"]);
  removeRelation(model, "backup:3");
  assert.deepEqual(relationsOf(model, "backup"), ["backup:9"]);
  assert.throws(() => removeRelation(model, "backup:3"), TypeError);
});

Deno.test("setLeader() moves leadership; setConfig() sets, unsets with null and declares options", () => {
  const model = setup({ config: { fileset: "/srv" } });
  setLeader(model, FOLLOWER);
  assert.deepEqual([model.units[LEADER]?.leader, model.units[FOLLOWER]?.leader], [false, true]);
  setLeader(model, null);
  assert.equal(model.units[FOLLOWER]?.leader, false);
  assert.throws(() => setLeader(model, "backup-integrator/7"), TypeError);
  setConfig(model, { fileset: null, extra: 5 });
  assert.deepEqual(model.config, { extra: 5 });
  assert.deepEqual(model.declaredOptions, ["fileset", "extra"]);
});
