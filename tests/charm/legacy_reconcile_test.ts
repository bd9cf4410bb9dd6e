// reconcile() with the Python charm's leftovers, over the in-memory fake Juju
// and in-memory stores: made private in upgrade-charm and in every other
// reconcile, valid config or not, at no cost once done.
import assert from "node:assert/strict";
import { decide, type ReconcileInputs } from "../../src/charm/decide.ts";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { reconcile } from "../../src/charm/reconcile.ts";
import { hookContext } from "../fake_juju/hook_context.ts";
import { finishHook, startHook } from "../fake_juju/hook_lifecycle.ts";
import { createMemoryRunner } from "../fake_juju/memory_runner.ts";
import { createModel, type FakeModel } from "../fake_juju/model.ts";
import {
  createMemoryLegacyStore,
  type MemoryLegacyStore,
  pythonDir,
} from "./memory_legacy_store.ts";
import { createMemoryScriptStore } from "./memory_script_store.ts";

const APP = "backup-integrator";
const BASE = "/opt/backup-integrator-charm";

async function runHook(model: FakeModel, legacy: MemoryLegacyStore, hook: string) {
  const context = hookContext(model, { unit: `${APP}/0`, hook });
  startHook(model, context);
  const before = model.calls.length;
  await reconcile({
    context: { target: { kind: "hook", name: hook }, unitName: `${APP}/0`, appName: APP },
    runner: createMemoryRunner(model, context),
    store: createMemoryScriptStore(`${BASE}/${APP}/scripts`),
    legacy,
  });
  finishHook(model, context, 0);
  return model.calls.slice(before);
}

const relation = { endpoint: "backup", remoteApp: "bacula-fd" };

Deno.test("reconcile() in upgrade-charm makes the Python charm's directories private, then costs nothing", async () => {
  const model = createModel({ app: APP, config: { fileset: "/srv" }, relations: [relation] });
  const legacy = createMemoryLegacyStore(BASE, [pythonDir(`${APP}-0`), pythonDir(`${APP}-4`)]);
  const calls = await runHook(model, legacy, "upgrade-charm");
  assert.deepEqual(legacy.operations, [`tighten ${APP}-0 0700`, `tighten ${APP}-4 0700`]);
  const logs = calls.filter((call) => call.tool === "juju-log").map((call) => call.args.at(-1));
  assert.ok(
    logs.includes(
      `tightened the mode of ${BASE}/${APP}-0 from 0755 to 0700: ` +
        "the Python charm's scripts in it may hold secrets",
    ),
    logs.join("\n"),
  );
  legacy.operations.length = 0;
  const steady = await runHook(model, legacy, "config-changed");
  assert.deepEqual(legacy.operations, []);
  assert.equal(steady.length, 5);
});

Deno.test("reconcile() makes the Python charm's directories private while the config is invalid", async () => {
  const model = createModel({ app: APP, config: { fileset: "srv/" }, relations: [relation] });
  const legacy = createMemoryLegacyStore(BASE, [pythonDir(`${APP}-0`)]);
  await runHook(model, legacy, "upgrade-charm");
  assert.deepEqual(legacy.operations, [`tighten ${APP}-0 0700`]);
  assert.equal(model.units[`${APP}/0`]?.status.status, "blocked");
});

Deno.test("decide() fails the hook when the leftovers could not be looked at", () => {
  const error = new Error("permission denied");
  const inputs: ReconcileInputs = {
    kind: "reconcile",
    hook: "upgrade-charm",
    unit: `${APP}/0`,
    config: parseCharmConfig({ fileset: "/srv" }),
    relationIds: [],
    leader: true,
    scripts: { files: {}, leftovers: [], tightened: [] },
    scriptsDir: `${BASE}/${APP}/scripts`,
    databags: new Map(),
    legacy: { error },
  };
  const decision = decide(inputs);
  assert.equal(decision.failure, error);
  assert.deepEqual([decision.files, decision.patches, decision.logs], [[], [], []]);
});
