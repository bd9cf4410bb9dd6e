import assert from "node:assert/strict";
import type { ModelStatus, UnitStatus } from "./juju_json.ts";
import { idleApp, notSettled, settledApp, UnitErrorStatus, waitSettled } from "./wait.ts";

function unit(name: string, workload: string, extra: Partial<UnitStatus> = {}): UnitStatus {
  return {
    name,
    machine: "0",
    leader: false,
    principal: undefined,
    address: "",
    upgradingFrom: undefined,
    workload: { current: workload, message: "" },
    agent: { current: "idle", message: "" },
    ...extra,
  };
}

function model(...units: UnitStatus[]): ModelStatus {
  return { applications: {}, units: Object.fromEntries(units.map((u) => [u.name, u])) };
}

const TWO_ACTIVE = { apps: { a: settledApp(2, "active") } };
const FAST = { intervalMs: 1, timeoutMs: 2_000 };

Deno.test("notSettled() counts the units, so one subordinate of two is not enough", () => {
  assert.equal(notSettled(model(unit("a/0", "active")), TWO_ACTIVE), "a has 1 unit of 2");
  assert.equal(
    notSettled(model(unit("a/0", "active"), unit("a/1", "active")), TWO_ACTIVE),
    undefined,
  );
});

Deno.test("notSettled() with idleApp() takes any workload status, but counts the units and wants them idle", () => {
  const spec = { apps: { fd: idleApp(2) } };
  const blocked = unit("fd/1", "blocked");
  assert.equal(notSettled(model(unit("fd/0", "waiting"), blocked), spec), undefined);
  assert.equal(notSettled(model(blocked), spec), "fd has 1 unit of 2");
  const busy = unit("fd/0", "active", { agent: { current: "executing", message: "" } });
  assert.equal(notSettled(model(busy, blocked), spec), "fd/0 is executing");
});

Deno.test("notSettled() holds out while any unit shows upgrading-from, idle or not", () => {
  const upgrading = model(
    unit("a/0", "active", { upgradingFrom: "ch:amd64/a-3" }),
    unit("a/1", "active"),
  );
  assert.equal(notSettled(upgrading, TWO_ACTIVE), "a/0 is upgrading from ch:amd64/a-3");
});

Deno.test("notSettled() wants every unit idle in an accepted status", () => {
  const executing = unit("a/1", "active", { agent: { current: "executing", message: "" } });
  assert.equal(notSettled(model(unit("a/0", "active"), executing), TWO_ACTIVE), "a/1 is executing");
  assert.equal(
    notSettled(model(unit("a/0", "active"), unit("a/1", "blocked")), TWO_ACTIVE),
    "a/1 is blocked, not active",
  );
  assert.equal(notSettled(model(), { apps: { gone: settledApp(0) } }), undefined);
});

Deno.test("waitSettled() fails at once when any unit, a subordinate too, is in error", async () => {
  const failed = unit("sub/1", "error", { principal: "p/1" });
  const status = model(unit("a/0", "active"), unit("a/1", "active"), {
    ...failed,
    workload: { current: "error", message: 'hook failed: "config-changed"' },
  });
  const started = Date.now();
  const error = await waitSettled(() => Promise.resolve(status), TWO_ACTIVE, {
    intervalMs: 1_000,
    timeoutMs: 600_000,
  }).catch((e: unknown) => e);
  assert.ok(error instanceof UnitErrorStatus);
  assert.equal(
    error.message,
    'Unit sub/1 is in error: workload error "hook failed: \\"config-changed\\"", agent idle',
  );
  assert.ok(Date.now() - started < 500);
});

Deno.test("waitSettled() needs three settled polls in a row, starting over after a miss", async () => {
  const good = model(unit("a/0", "active"), unit("a/1", "active"));
  const busy = model(
    unit("a/0", "active"),
    unit("a/1", "active", {
      agent: { current: "executing", message: "running config-changed hook" },
    }),
  );
  const reads = [good, busy, good, good, good, busy];
  let count = 0;
  await waitSettled(() => Promise.resolve(reads[count++] ?? busy), TWO_ACTIVE, FAST);
  assert.equal(count, 5);
  count = 0;
  await waitSettled(() => Promise.resolve(reads[count++] ?? busy), TWO_ACTIVE, {
    ...FAST,
    successes: 1,
  });
  assert.equal(count, 1);
});

Deno.test("waitSettled() times out saying why and naming every unit", async () => {
  await assert.rejects(
    () =>
      waitSettled(() => Promise.resolve(model(unit("a/0", "waiting"))), TWO_ACTIVE, {
        intervalMs: 5,
        timeoutMs: 30,
      }),
    /^Error: Timed out after 30 ms waiting for the model to settle: a has 1 unit of 2; a\/0 waiting\/idle ""$/,
  );
});
