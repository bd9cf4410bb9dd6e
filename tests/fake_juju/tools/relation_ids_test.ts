import assert from "node:assert/strict";
import { createModel } from "../model.ts";
import { assertUsageError, run, setup } from "./_testing.ts";

Deno.test("runTool() relation-ids sorts ids as Juju does and prints [] when none", () => {
  const model = createModel({
    relations: [
      { endpoint: "backup", remoteApp: "a", id: 9 },
      { endpoint: "backup", remoteApp: "b", id: 10 },
      { endpoint: "juju-info", remoteApp: "ubuntu", id: 1 },
    ],
  });
  // Go's sort.Strings, as in Juju's relation-ids: "backup:10" sorts before "backup:9".
  assert.equal(
    run(model, "relation-ids", ["backup", "--format=json"]).stdout,
    '["backup:10","backup:9"]\n',
  );
  assert.equal(run(model, "relation-ids", ["--format=json", "nothing"]).stdout, "[]\n");
  assertUsageError(run(model, "relation-ids", ["--format=json"]), "no relation name specified");
  assert.equal(
    run(model, "relation-ids", ["--format=json"], { relationId: "juju-info:1" }).stdout,
    '["juju-info:1"]\n',
  );
});

const BROKEN_CONTEXT = {
  hook: "backup-relation-broken",
  relationId: "backup:3",
  brokenRelationId: "backup:3",
};

function twoRelations(jujuVersion: string) {
  return setup({
    jujuVersion,
    relations: [
      { endpoint: "backup", remoteApp: "bacula-fd", id: 3, appData: { "bacula-fd": { a: "b" } } },
      { endpoint: "backup", remoteApp: "other", id: 4 },
    ],
  });
}

Deno.test("runTool() relation-ids hides the broken relation on Juju 3.4 and later, -r still reaches it", () => {
  for (const version of ["3.4.0", "3.6.4", "4.0-beta1"]) {
    const model = twoRelations(version);
    assert.equal(
      run(model, "relation-ids", ["backup", "--format=json"], BROKEN_CONTEXT).stdout,
      '["backup:4"]\n',
      version,
    );
    const args = ["-r", "backup:3", "--app", "--format=json", "-", "bacula-fd"];
    assert.equal(run(model, "relation-get", args, BROKEN_CONTEXT).stdout, '{"a":"b"}\n');
  }
});

Deno.test("runTool() relation-ids still lists the broken relation before Juju 3.4", () => {
  for (const version of ["3.3.6", "3.1.8", "2.9.50"]) {
    const model = twoRelations(version);
    assert.equal(
      run(model, "relation-ids", ["backup", "--format=json"], BROKEN_CONTEXT).stdout,
      '["backup:3","backup:4"]\n',
      version,
    );
  }
  // Only during that relation's own -relation-broken is anything hidden.
  const model = twoRelations("3.6.4");
  assert.equal(
    run(model, "relation-ids", ["backup", "--format=json"], { hook: "config-changed" }).stdout,
    '["backup:3","backup:4"]\n',
  );
});
