import assert from "node:assert/strict";
import { APP, assertFailure, assertUsageError, FOLLOWER, LEADER, run, setup } from "./_testing.ts";

Deno.test("runTool() takes -r X, -r=X, --relation X, --relation=X and flags after arguments", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      appData: { "bacula-fd": { fileset: "/x" } },
    }],
  });
  const spellings = [
    ["-r", "backup:3", "--app", "--format=json", "-", "bacula-fd"],
    ["-r=backup:3", "--app", "--format", "json", "-", "bacula-fd"],
    ["--relation", "3", "--app", "--format=json", "-", "bacula-fd"],
    ["-", "bacula-fd", "--relation=backup:3", "--format=json", "--app"],
    ["--format=json", "--app", "fileset", "bacula-fd", "-r", "backup:3"],
  ];
  for (const args of spellings.slice(0, 4)) {
    assert.equal(run(model, "relation-get", args).stdout, '{"fileset":"/x"}\n', args.join(" "));
  }
  assert.equal(run(model, "relation-get", spellings[4] ?? []).stdout, '"/x"\n');
  assert.equal(
    run(model, "relation-get", ["--format=json", "--app", "missing", "bacula-fd", "-r", "3"])
      .stdout,
    "null\n",
  );
});

Deno.test("runTool() refuses an unknown relation while parsing -r, with exit 2", () => {
  const model = setup();
  assertUsageError(
    run(model, "relation-get", ["-r", "backup:99", "--app", "-", "bacula-fd"]),
    'invalid value "backup:99" for option -r: relation not found',
  );
  assertUsageError(
    run(model, "relation-set", ["-r", "nonsense", "a=b"]),
    'invalid value "nonsense" for option -r: invalid relation id',
  );
  assertUsageError(
    run(model, "relation-get", ["--format=json", "-", "bacula-fd/0"]),
    "no relation id specified",
  );
});

Deno.test("runTool() refuses a non-leader reading its own application bag", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      appData: { [APP]: { fileset: "/srv" } },
    }],
  });
  const args = ["-r", "backup:3", "--app", "--format=json", "-", APP];
  assertFailure(run(model, "relation-get", args, { unit: FOLLOWER }), "permission denied");
  assert.equal(run(model, "relation-get", args).stdout, '{"fileset":"/srv"}\n');
  // --app with a unit name means that unit's application.
  const byUnit = ["-r", "backup:3", "--app", "--format=json", "-", FOLLOWER];
  assertFailure(run(model, "relation-get", byUnit, { unit: FOLLOWER }), "permission denied");
});

Deno.test("runTool() relation-get of an application name without --app is an error", () => {
  const model = setup();
  const result = run(model, "relation-get", ["-r", "backup:3", "--format=json", "-", "bacula-fd"]);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^ERROR .*"bacula-fd" is not a valid unit name/);
});

Deno.test("runTool() relation-get prints {} for an empty bag and reads unit bags", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      unitData: { "bacula-fd/0": { host: "h" } },
    }],
  });
  assert.equal(
    run(model, "relation-get", ["-r", "3", "--app", "--format=json", "-", "bacula-fd"]).stdout,
    "{}\n",
  );
  assert.equal(
    run(model, "relation-get", ["-r", "3", "--format=json", "-", "bacula-fd/0"]).stdout,
    '{"host":"h"}\n',
  );
  assert.equal(
    run(model, "relation-get", ["-r", "3", "--format=json", "-", LEADER]).stdout,
    "{}\n",
  );
  // In a relation hook the defaults are the hook's relation and remote unit.
  const hook = {
    hook: "backup-relation-changed",
    relationId: "backup:3",
    remoteUnit: "bacula-fd/0",
  };
  assert.equal(run(model, "relation-get", ["--format=json"], hook).stdout, '{"host":"h"}\n');
  assertFailure(
    run(model, "relation-get", ["-r", "3", "--format=json", "-", "bacula-fd/7"]),
    'cannot read settings for unit "bacula-fd/7" in relation "backup:3": unit "bacula-fd/7": settings not found',
  );
});
