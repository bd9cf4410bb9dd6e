import assert from "node:assert/strict";
import { main, type MainOptions } from "../src/main.ts";
import { CONTRACT_OBSERVED_HOOKS } from "./contract.ts";
import { createMemoryRunner } from "./fake_juju/memory_runner.ts";
import { createModel, type FakeModel } from "./fake_juju/model.ts";
import { createMemoryLegacyStore } from "./charm/memory_legacy_store.ts";
import { createMemoryScriptStore } from "./charm/memory_script_store.ts";

const UNIT = "backup-integrator/0";

function options(model: FakeModel, env: Record<string, string>) {
  const errors: string[] = [];
  const opened: string[] = [];
  const hook = env["JUJU_HOOK_NAME"] ?? "";
  const result: MainOptions = {
    env: { JUJU_UNIT_NAME: UNIT, ...env },
    runner: createMemoryRunner(model, { unit: UNIT, hook }),
    openStore: (dir) => {
      opened.push(dir);
      return createMemoryScriptStore(dir);
    },
    openLegacy: (base) => {
      opened.push(base);
      return createMemoryLegacyStore(base);
    },
    writeError: (line) => errors.push(line),
  };
  return { options: result, errors, opened };
}

Deno.test("main() runs no hook tool for a hook it does not observe", async () => {
  for (const hook of ["install", "start", "update-status", "juju-info-relation-joined", "stop"]) {
    const model = createModel({ config: { fileset: "/srv" } });
    const { options: opts } = options(model, { JUJU_DISPATCH_PATH: `hooks/${hook}` });
    assert.equal(await main(opts), 0, hook);
    assert.deepEqual(model.calls, [], hook);
  }
});

Deno.test("main() routes actions/<name> to the actions, which fail an unknown one with action-fail", async () => {
  const model = createModel();
  model.actions["1"] = {
    unit: UNIT,
    name: "anything",
    status: "running",
    message: "",
    failed: false,
    results: {},
  };
  const { options: opts, opened } = options(model, { JUJU_DISPATCH_PATH: "actions/anything" });
  const runner = createMemoryRunner(model, { unit: UNIT, hook: "", actionId: "1" });
  assert.equal(await main({ ...opts, runner }), 0);
  assert.deepEqual(model.calls.map((call) => [call.tool, ...call.args]), [
    ["action-fail", "--", 'unknown action "anything": this charm has show-backup-config'],
  ]);
  assert.equal(model.actions["1"]?.failed, true);
  assert.deepEqual(opened, []);
});

Deno.test("main() runs the reconcile for every observed hook", async () => {
  for (const hook of CONTRACT_OBSERVED_HOOKS) {
    const model = createModel({ config: { fileset: "/srv" } });
    const { options: opts } = options(model, {
      JUJU_DISPATCH_PATH: `hooks/${hook}`,
      JUJU_HOOK_NAME: hook,
    });
    assert.equal(await main(opts), 0, hook);
    assert.ok(model.calls.length > 0, hook);
  }
});

Deno.test("main() opens the per-application scripts directory and the base for leftovers, under the override", async () => {
  const model = createModel({ config: { fileset: "/srv" } });
  const { options: opts, opened } = options(model, {
    JUJU_HOOK_NAME: "config-changed",
    BACKUP_INTEGRATOR_OPT_DIR: "/tmp/opt",
  });
  assert.equal(await main(opts), 0);
  assert.deepEqual(opened, ["/tmp/opt/backup-integrator/scripts", "/tmp/opt"]);
});

Deno.test("main() logs a failed reconcile to juju-log and stderr and returns 1", async () => {
  const model = createModel({ config: { fileset: "/srv" } });
  model.faults.push({ tool: "relation-ids", exitCode: 1, stderr: "ERROR agent unreachable" });
  const { options: opts, errors } = options(model, { JUJU_DISPATCH_PATH: "hooks/config-changed" });
  assert.equal(await main(opts), 1);
  assert.equal(errors.length, 1);
  assert.match(
    errors[0] ?? "",
    /^hooks\/config-changed failed: HookToolError: .*relation-ids.*agent unreachable/,
  );
  const logged = model.units[UNIT]?.logs.at(-1);
  assert.equal(logged?.level, "ERROR");
  assert.equal(logged?.message, errors[0]);
});

Deno.test("main() still returns 1 when juju-log itself fails", async () => {
  const model = createModel({ config: { fileset: "/srv" } });
  model.faults.push({ tool: "config-get", exitCode: 1, stderr: "ERROR down" });
  model.faults.push({ tool: "juju-log", exitCode: 1, stderr: "ERROR down" });
  const { options: opts, errors } = options(model, { JUJU_DISPATCH_PATH: "hooks/config-changed" });
  assert.equal(await main(opts), 1);
  assert.equal(errors.length, 1);
});

Deno.test("main() returns 1 when the environment does not say what to run", async () => {
  const model = createModel();
  const { options: opts, errors } = options(model, {});
  assert.equal(await main(opts), 1);
  assert.match(errors[0] ?? "", /JUJU_DISPATCH_PATH and JUJU_HOOK_NAME are both unset/);
});
