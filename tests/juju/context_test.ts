import assert from "node:assert/strict";
import { JujuContextError, readDispatchTarget, readJujuContext } from "../../src/juju/context.ts";

Deno.test("readDispatchTarget() prefers JUJU_DISPATCH_PATH over JUJU_HOOK_NAME", () => {
  assert.deepEqual(
    readDispatchTarget({ JUJU_DISPATCH_PATH: "hooks/remove", JUJU_HOOK_NAME: "config-changed" }),
    { kind: "hook", name: "remove" },
  );
});

Deno.test("readDispatchTarget() falls back to JUJU_HOOK_NAME", () => {
  assert.deepEqual(readDispatchTarget({ JUJU_HOOK_NAME: "config-changed" }), {
    kind: "hook",
    name: "config-changed",
  });
  assert.deepEqual(readDispatchTarget({ JUJU_DISPATCH_PATH: "", JUJU_HOOK_NAME: "remove" }), {
    kind: "hook",
    name: "remove",
  });
});

Deno.test("readDispatchTarget() recognises actions", () => {
  assert.deepEqual(readDispatchTarget({ JUJU_DISPATCH_PATH: "actions/do-it" }), {
    kind: "action",
    name: "do-it",
  });
});

Deno.test("readDispatchTarget() names the variable when nothing says what to run", () => {
  assert.throws(() => readDispatchTarget({}), (error: unknown) => {
    assert.ok(error instanceof JujuContextError);
    assert.equal(error.variable, "JUJU_DISPATCH_PATH");
    return true;
  });
  assert.throws(
    () => readDispatchTarget({ JUJU_DISPATCH_PATH: "../etc/passwd" }),
    /JUJU_DISPATCH_PATH is "..\/etc\/passwd"/,
  );
});

Deno.test("readDispatchTarget() refuses a dispatch path with anything before or after hooks/<name>", () => {
  for (const path of ["xhooks/config-changed", "/hooks/config-changed", "hooks/config-changed/x"]) {
    assert.throws(
      () => readDispatchTarget({ JUJU_DISPATCH_PATH: path }),
      (error: unknown) => error instanceof JujuContextError && error.message.includes(path),
      path,
    );
  }
});

Deno.test("readJujuContext() reads unit, application and relation", () => {
  assert.deepEqual(
    readJujuContext({
      JUJU_DISPATCH_PATH: "hooks/backup-relation-changed",
      JUJU_UNIT_NAME: "my-backup-b2/13",
      JUJU_RELATION_ID: "backup:4",
    }),
    {
      target: { kind: "hook", name: "backup-relation-changed" },
      unitName: "my-backup-b2/13",
      appName: "my-backup-b2",
      relationId: "backup:4",
    },
  );
});

Deno.test("readJujuContext() omits the relation outside relation hooks", () => {
  const context = readJujuContext({
    JUJU_DISPATCH_PATH: "hooks/config-changed",
    JUJU_UNIT_NAME: "b/0",
    JUJU_RELATION_ID: "",
  });
  assert.equal("relationId" in context, false);
});

Deno.test("readJujuContext() refuses a missing or malformed unit name", () => {
  assert.throws(
    () => readJujuContext({ JUJU_HOOK_NAME: "config-changed" }),
    /JUJU_UNIT_NAME is unset/,
  );
  for (const bad of ["b", "../x/0", "B/0", "b/01", "b-/0", "b/0/1"]) {
    assert.throws(
      () => readJujuContext({ JUJU_HOOK_NAME: "config-changed", JUJU_UNIT_NAME: bad }),
      JujuContextError,
      bad,
    );
  }
});
