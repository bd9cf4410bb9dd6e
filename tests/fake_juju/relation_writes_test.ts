import assert from "node:assert/strict";
import { commitPending, discardPending } from "./relation_writes.ts";
import { APP, appBag, LEADER, run, setup } from "./tools/_testing.ts";

Deno.test("discardPending() drops the writes of a failed hook", () => {
  const model = setup();
  run(model, "relation-set", ["-r", "backup:3", "fileset=/srv"]);
  discardPending(model, LEADER);
  commitPending(model, LEADER);
  assert.deepEqual(model.relations["backup:3"]?.unitData, {});
});

Deno.test("commitPending() deletes keys written with an empty value", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      appData: { [APP]: { fileset: "/srv", "run-before-backup": "/x" } },
    }],
  });
  const result = run(model, "relation-set", ["--app", "-r=3", "--file=-"], {
    stdin: "fileset: /etc\nrun-before-backup: ''\n",
  });
  assert.equal(result.exitCode, 0, result.stderr);
  const read = ["-r", "backup:3", "--app", "--format=json", "-", APP];
  assert.equal(run(model, "relation-get", read).stdout, '{"fileset":"/etc"}\n');
  commitPending(model, LEADER);
  assert.deepEqual(appBag(model), { fileset: "/etc" });
});
