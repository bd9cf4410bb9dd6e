import assert from "node:assert/strict";
import { configProblems, manifestProblems, metadataProblems } from "./juju_rules.ts";

const GOOD = {
  name: "backup-integrator",
  summary: "s",
  description: "d",
  subordinate: true,
  requires: { "juju-info": { interface: "juju-info", scope: "container" } },
};

Deno.test("metadataProblems() flags what Juju rejects in metadata.yaml", () => {
  assert.deepEqual(metadataProblems(GOOD), []);
  assert.equal(metadataProblems({ ...GOOD, name: "Backup_Integrator" }).length, 1);
  assert.equal(metadataProblems({ ...GOOD, summary: undefined }).length, 1);
  assert.equal(
    metadataProblems({ ...GOOD, requires: { "juju-info": { interface: "juju-info" } } }).length,
    1,
  );
  assert.equal(
    metadataProblems({ ...GOOD, requires: { x: { interface: "x", scope: "model" } } }).length,
    2,
  );
});

Deno.test("configProblems() flags unknown types and defaults of the wrong type", () => {
  assert.deepEqual(configProblems({ options: { a: { type: "int", default: 1 } } }), []);
  assert.equal(configProblems({ options: { a: { type: "integer" } } }).length, 1);
  assert.equal(configProblems({ options: { a: { type: "int", default: 1.5 } } }).length, 1);
  assert.equal(configProblems({ options: { a: { type: "boolean", default: "yes" } } }).length, 1);
  assert.equal(configProblems({}).length, 1);
});

Deno.test("manifestProblems() flags a channel that is a number or unquoted", () => {
  const base = { name: "ubuntu", channel: "24.04", architectures: ["amd64"] };
  assert.deepEqual(manifestProblems({ bases: [base] }, "    channel: '24.04'\n"), []);
  assert.equal(manifestProblems({ bases: [base] }, "    channel: 24.04\n").length, 1);
  assert.equal(manifestProblems({ bases: [{ ...base, channel: 24.04 }] }, "").length, 1);
  assert.equal(manifestProblems({ bases: [] }, "").length, 1);
});
