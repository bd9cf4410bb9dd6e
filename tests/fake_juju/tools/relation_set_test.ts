import assert from "node:assert/strict";
import { commitPending } from "../relation_writes.ts";
import {
  APP,
  appBag,
  assertFailure,
  assertUsageError,
  FOLLOWER,
  LEADER,
  run,
  setup,
} from "./_testing.ts";

Deno.test("runTool() refuses relation-set --app on a non-leader", () => {
  const model = setup();
  const result = run(model, "relation-set", ["-r", "backup:3", "--app", "fileset=/srv"], {
    unit: FOLLOWER,
  });
  assertFailure(result, "cannot write relation settings");
  assert.deepEqual(model.pending, {});
});

Deno.test("runTool() buffers relation writes until commitPending()", () => {
  const model = setup();
  const write = run(model, "relation-set", ["-r", "backup:3", "--app", "--file", "-"], {
    stdin: '{"fileset":"/srv"}',
  });
  assert.equal(write.exitCode, 0, write.stderr);
  assert.equal(write.stdout, "");
  assert.equal(appBag(model), undefined);
  assert.deepEqual(model.pending[LEADER], [
    { relationId: "backup:3", bag: "app", settings: { fileset: "/srv" } },
  ]);
  // The writer reads its own uncommitted write back, as in Juju.
  const read = ["-r", "backup:3", "--app", "--format=json", "-", APP];
  assert.equal(run(model, "relation-get", read).stdout, '{"fileset":"/srv"}\n');
  // Nobody else does: the committed bag, what the remote side reads, is unchanged.
  assert.equal(appBag(model), undefined);
  commitPending(model, LEADER);
  assert.deepEqual(appBag(model), { fileset: "/srv" });
  assert.deepEqual(model.pending, {});
});

Deno.test("runTool() relation-set takes key=value arguments over --file, trimmed", () => {
  const model = setup();
  const result = run(model, "relation-set", ["-r", "3", "a= 1 ", "--file", "-", "b=2"], {
    stdin: "a: from-file\nc: '3'\n",
  });
  assert.equal(result.exitCode, 0, result.stderr);
  commitPending(model, LEADER);
  assert.deepEqual(model.relations["backup:3"]?.unitData[LEADER], { a: "1", b: "2", c: "3" });
  assertUsageError(
    run(model, "relation-set", ["-r", "3", "novalue"]),
    'expected "key=value", got "novalue"',
  );
  assertUsageError(
    run(model, "relation-set", ["-r", "3", "a=1", "a=2"]),
    'key "a" specified more than once',
  );
});

Deno.test("runTool() relation-set accepts only string values from --file", () => {
  const model = setup();
  for (const stdin of ['{"fileset": 5}', "fileset: [a, b]", "[1, 2]", "{"]) {
    const result = run(model, "relation-set", ["-r", "3", "--app", "--file", "-"], { stdin });
    assert.equal(result.exitCode, 1, stdin);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^ERROR cannot parse settings: /, stdin);
  }
  assert.deepEqual(model.pending, {});
});

Deno.test("runTool() records stdin only for relation-set --file -", () => {
  const model = setup();
  run(model, "relation-set", ["-r", "3", "--app", "--file", "-"], { stdin: "{}" });
  run(model, "relation-set", ["-r", "3", "a=b"], { stdin: "ignored" });
  assert.deepEqual(model.calls.map((call) => call.stdin), ["{}", undefined]);
});
