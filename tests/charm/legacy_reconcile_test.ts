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
import { createMemoryScriptStore, type MemoryScriptStore } from "./memory_script_store.ts";

const APP = "backup-integrator";
const BASE = "/opt/backup-integrator-charm";

async function runHook(
  model: FakeModel,
  legacy: MemoryLegacyStore,
  hook: string,
  store: MemoryScriptStore = createMemoryScriptStore(`${BASE}/${APP}/scripts`),
) {
  const context = hookContext(model, { unit: `${APP}/0`, hook });
  startHook(model, context);
  const before = model.calls.length;
  await reconcile({
    context: { target: { kind: "hook", name: hook }, unitName: `${APP}/0`, appName: APP },
    runner: createMemoryRunner(model, context),
    store,
    legacy,
  });
  finishHook(model, context, 0);
  return model.calls.slice(before);
}

const relation = { endpoint: "backup", remoteApp: "bacula-fd" };
const SCRIPT = "#!/bin/sh\necho hi\n";

/**
 * Turn run-before-backup off (and fileset with it) after a valid config
 * published it, with leftovers that cannot be made private: the script must
 * still go, in the same hook, and the hook must not fail.
 */
async function turnOffWith(legacy: MemoryLegacyStore): Promise<string[]> {
  const model = createModel({
    app: APP,
    config: { fileset: "/srv", "run-before-backup": SCRIPT },
    relations: [relation],
  });
  const store = createMemoryScriptStore(`${BASE}/${APP}/scripts`);
  const healthy = createMemoryLegacyStore(BASE);
  await runHook(model, healthy, "config-changed", store);
  assert.ok(store.files.has("run-before-backup"));
  model.config = {};
  const calls = await runHook(model, legacy, "config-changed", store);
  assert.ok(!store.files.has("run-before-backup"), "the unset script is still on disk");
  assert.deepEqual(model.relations["backup:1"]?.appData[APP], { fileset: "/srv" });
  assert.equal(model.units[`${APP}/0`]?.status.status, "blocked");
  return calls.filter((call) => call.tool === "juju-log").map((call) => call.args.join(" "));
}

Deno.test("reconcile() turns a script off though the leftovers cannot be looked at, with a warning", async () => {
  const legacy = createMemoryLegacyStore(BASE, [pythonDir(`${APP}-0`)]);
  legacy.scan = () => Promise.reject(new Error(`cannot read ${BASE}: permission denied`));
  const logs = await turnOffWith(legacy);
  assert.ok(
    logs.includes(
      "--log-level WARNING -- could not look for the Python charm's leftovers in " +
        `${BASE}: cannot read ${BASE}: permission denied`,
    ),
    logs.join("\n"),
  );
});

Deno.test("reconcile() turns a script off though a leftover cannot be made private, with a warning", async () => {
  const legacy = createMemoryLegacyStore(BASE, [pythonDir(`${APP}-0`)]);
  legacy.tighten = () => Promise.reject(new Error("operation not permitted\nforged line"));
  const logs = await turnOffWith(legacy);
  assert.ok(
    logs.includes(
      `--log-level WARNING -- could not make ${BASE}/${APP}-0 private: ` +
        "operation not permitted\\nforged line",
    ),
    logs.join("\n"),
  );
  assert.ok(!logs.some((line) => line.includes("tightened the mode")), logs.join("\n"));
});

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

Deno.test("decide() logs a warning and goes on when the leftovers could not be looked at", () => {
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
    legacy: { error: new Error(`cannot read directory ${BASE}: permission\ndenied`), base: BASE },
  };
  const decision = decide(inputs);
  assert.equal(decision.failure, undefined);
  assert.deepEqual(decision.files, [{ kind: "claim", unit: `${APP}/0` }]);
  assert.deepEqual(decision.logs, [{
    level: "WARNING",
    message: `could not look for the Python charm's leftovers in ${BASE}: ` +
      `cannot read directory ${BASE}: permission\ndenied`,
  }]);
});
