// reconcile() composed: gather, decide and apply over the in-memory fake Juju,
// state in and state out. The rules themselves are tested on decide() in
// decide_test.ts; this file checks the hook-tool calls and the state they leave.
import assert from "node:assert/strict";
import { reconcile } from "../../src/charm/reconcile.ts";
import { ScriptStoreError } from "../../src/charm/script_store.ts";
import { HookToolError } from "../../src/juju/hook_tool_runner.ts";
import { hookContext } from "../fake_juju/hook_context.ts";
import { finishHook, startHook } from "../fake_juju/hook_lifecycle.ts";
import { createMemoryRunner } from "../fake_juju/memory_runner.ts";
import { createModel, type CreateModelOptions, type FakeModel } from "../fake_juju/model.ts";
import { createMemoryScriptStore, type MemoryScriptStore } from "./memory_script_store.ts";

const APP = "backup-integrator";
const DIR = `/opt/backup-integrator-charm/${APP}/scripts`;
const SCRIPT = "#!/bin/sh\npg_dump db > /var/backups/db.sql\n";

interface Run {
  readonly error?: unknown;
  readonly tools: string[];
}

/** Run one hook's reconcile with what Juju does around a hook (`hook_lifecycle.ts`). */
async function runHook(
  model: FakeModel,
  store: MemoryScriptStore,
  hook: { name: string; unit?: string; relationId?: string; fails?: true },
): Promise<Run> {
  const context = hookContext(model, {
    unit: hook.unit ?? `${APP}/0`,
    hook: hook.name,
    ...(hook.relationId === undefined ? {} : { relationId: hook.relationId }),
  });
  startHook(model, context);
  const before = model.calls.length;
  let error: unknown;
  try {
    await reconcile({
      context: {
        target: { kind: "hook", name: hook.name },
        unitName: context.unit,
        appName: APP,
        ...(context.relationId === undefined ? {} : { relationId: context.relationId }),
      },
      runner: createMemoryRunner(model, context),
      store,
    });
  } catch (caught) {
    error = caught;
  }
  finishHook(model, context, error === undefined ? 0 : 1);
  const tools = model.calls.slice(before).map((call) => call.tool);
  // Every run is checked: a hook meant to succeed must not fail, and the reverse.
  if (hook.fails === undefined && error !== undefined) throw error;
  assert.ok(hook.fails === undefined || error !== undefined, `${hook.name} did not fail`);
  return error === undefined ? { tools } : { error, tools };
}

/** A steady leader's five calls: the first three together, its data, the status. */
const STEADY_LEADER = ["config-get", "relation-ids", "is-leader", "relation-get", "status-set"];

function setup(options: CreateModelOptions = {}) {
  const model = createModel({ app: APP, ...options });
  return { model, store: createMemoryScriptStore(DIR) };
}

const withBackup = (extra: Partial<CreateModelOptions> = {}): CreateModelOptions => ({
  relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  ...extra,
});

function status(model: FakeModel, unit = `${APP}/0`) {
  return model.units[unit]?.status;
}

function appBag(model: FakeModel, relationId = "backup:1") {
  return model.relations[relationId]?.appData[APP] ?? {};
}

function text(store: MemoryScriptStore, name: string): string | undefined {
  const file = store.files.get(name);
  return file === undefined ? undefined : new TextDecoder().decode(file.content);
}

Deno.test("reconcile() sets blocked when fileset is missing, reading the leader's data and writing nothing else", async () => {
  const { model, store } = setup(withBackup());
  const run = await runHook(model, store, { name: "config-changed" });
  assert.equal(run.error, undefined);
  assert.deepEqual(status(model), {
    status: "blocked",
    message: "set fileset: juju config backup-integrator fileset=/path",
  });
  assert.deepEqual(run.tools, STEADY_LEADER);
  assert.deepEqual(store.operations, []);
});

Deno.test("reconcile() keeps a changed script's old content and the published data while blocked", async () => {
  const { model, store } = setup(
    withBackup({ config: { fileset: "/srv", "run-after-backup": SCRIPT } }),
  );
  await runHook(model, store, { name: "config-changed" });
  const published = { ...appBag(model) };
  model.config = { fileset: "srv", "run-after-backup": "#!/bin/sh\necho new\n" };
  store.operations.length = 0;
  const run = await runHook(model, store, { name: "config-changed" });
  assert.deepEqual(status(model), {
    status: "blocked",
    message:
      '[in force: fileset +1 script] invalid config: fileset: "srv" is not an absolute path; ' +
      "in force: fileset, run-after-backup",
  });
  assert.deepEqual(appBag(model), published);
  assert.deepEqual(store.operations, []);
  assert.equal(text(store, "run-after-backup"), SCRIPT);
  // Steady while blocked: the leader reads its data to know what is in force.
  assert.deepEqual(run.tools, STEADY_LEADER);
});

Deno.test("reconcile() removes an unset script and deletes its key though fileset is reset too", async () => {
  const { model, store } = setup(withBackup({
    units: [`${APP}/0`, `${APP}/1`],
    config: { fileset: "/srv", "run-before-backup": SCRIPT, "run-after-backup": SCRIPT },
  }));
  await runHook(model, store, { name: "config-changed" });
  model.config = { "run-after-backup": SCRIPT };
  store.operations.length = 0;
  const run = await runHook(model, store, { name: "config-changed" });
  assert.deepEqual(store.operations, ["remove run-before-backup"]);
  assert.deepEqual(appBag(model), {
    fileset: "/srv",
    "run-after-backup": `${DIR}/run-after-backup`,
  });
  assert.deepEqual(status(model), {
    status: "blocked",
    message:
      "[in force: fileset +1 script] set fileset: juju config backup-integrator fileset=/path; " +
      "in force: fileset, run-after-backup",
  });
  assert.deepEqual(run.tools, [
    "config-get",
    "relation-ids",
    "is-leader",
    "relation-get",
    "relation-set",
    "juju-log",
    "juju-log",
    "status-set",
  ]);
  // A non-leader removes its copy too, and says only what is on its machine.
  const other = createMemoryScriptStore(DIR);
  model.config = { fileset: "/srv", "run-before-backup": SCRIPT };
  await runHook(model, other, { name: "config-changed", unit: `${APP}/1` });
  model.config = {};
  const follower = await runHook(model, other, { name: "config-changed", unit: `${APP}/1` });
  assert.deepEqual(other.operations, ["write run-before-backup", "remove run-before-backup"]);
  // The follower cannot see the fileset its leader still publishes: it says where to look.
  assert.deepEqual(status(model, `${APP}/1`), {
    status: "blocked",
    message: "[in force: ask leader] set fileset: juju config backup-integrator fileset=/path; " +
      "see: juju run backup-integrator/leader show-backup-config",
  });
  assert.deepEqual(follower.tools, [
    "config-get",
    "relation-ids",
    "is-leader",
    "juju-log",
    "status-set",
  ]);
});

Deno.test("reconcile() names the application in the advice to set fileset", async () => {
  const model = createModel({ app: "db-backup" });
  const context = hookContext(model, { unit: "db-backup/0", hook: "config-changed" });
  startHook(model, context);
  await reconcile({
    context: {
      target: { kind: "hook", name: "config-changed" },
      unitName: "db-backup/0",
      appName: "db-backup",
    },
    runner: createMemoryRunner(model, context),
    store: createMemoryScriptStore("/opt/backup-integrator-charm/db-backup/scripts"),
  });
  finishHook(model, context, 0);
  assert.deepEqual(model.units["db-backup/0"]?.status, {
    status: "blocked",
    message: "set fileset: juju config db-backup fileset=/path",
  });
});

Deno.test("reconcile() sets waiting without a backup relation, and still writes the scripts", async () => {
  const { model, store } = setup({ config: { fileset: "/srv", "run-before-backup": SCRIPT } });
  const run = await runHook(model, store, { name: "config-changed" });
  assert.deepEqual(status(model), {
    status: "waiting",
    message: "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
  });
  assert.equal(text(store, "run-before-backup"), SCRIPT);
  assert.deepEqual(run.tools, [
    "config-get",
    "relation-ids",
    "is-leader",
    "juju-log",
    "status-set",
  ]);
});

Deno.test("reconcile() writes every non-empty script on a non-leader, exact bytes", async () => {
  const content = "#!/usr/bin/env python3\nprint('ü')\r\n\u0000tail";
  const { model, store } = setup(withBackup({
    units: [`${APP}/0`, `${APP}/1`],
    config: {
      fileset: "/srv",
      "run-before-backup": content,
      "run-after-backup": SCRIPT,
      "run-before-restore": "",
      "run-after-restore": SCRIPT,
    },
  }));
  await runHook(model, store, { name: "config-changed", unit: `${APP}/1` });
  assert.equal(text(store, "run-before-backup"), content);
  assert.equal(store.files.get("run-before-backup")?.mode, 0o700);
  assert.equal(text(store, "run-after-backup"), SCRIPT);
  assert.equal(text(store, "run-after-restore"), SCRIPT);
  assert.equal(store.files.has("run-before-restore"), false);
});

Deno.test("reconcile() rewrites a script only when its content changed", async () => {
  const { model, store } = setup(
    withBackup({ config: { fileset: "/srv", "run-after-backup": "a" } }),
  );
  await runHook(model, store, { name: "config-changed" });
  await runHook(model, store, { name: "config-changed" });
  assert.deepEqual(store.operations, ["write run-after-backup"]);
  model.config["run-after-backup"] = "b";
  await runHook(model, store, { name: "config-changed" });
  assert.deepEqual(store.operations, ["write run-after-backup", "write run-after-backup"]);
});

Deno.test("reconcile() in steady state on the leader makes 5 hook-tool calls and writes nothing", async () => {
  const { model, store } = setup(
    withBackup({ config: { fileset: "/srv", "run-after-backup": SCRIPT } }),
  );
  await runHook(model, store, { name: "config-changed" });
  store.operations.length = 0;
  const run = await runHook(model, store, { name: "config-changed" });
  assert.deepEqual(run.tools, STEADY_LEADER);
  assert.deepEqual(store.operations, []);
});

Deno.test("reconcile() on a non-leader makes 4 calls and never touches the application databag", async () => {
  const { model, store } = setup(withBackup({
    units: [`${APP}/0`, `${APP}/1`],
    config: { fileset: "/srv", "run-after-backup": SCRIPT },
  }));
  await runHook(model, store, { name: "config-changed", unit: `${APP}/1` });
  store.operations.length = 0;
  const run = await runHook(model, store, { name: "leader-settings-changed", unit: `${APP}/1` });
  assert.deepEqual(run.tools, ["config-get", "relation-ids", "is-leader", "status-set"]);
  assert.deepEqual(appBag(model), {});
  assert.deepEqual(status(model, `${APP}/1`), { status: "active", message: "" });
});

Deno.test("reconcile() publishes once leadership moves to a unit", async () => {
  const { model, store } = setup(withBackup({
    units: [`${APP}/0`, `${APP}/1`],
    leader: null,
    config: { fileset: "/srv" },
  }));
  await runHook(model, store, { name: "config-changed", unit: `${APP}/1` });
  assert.deepEqual(appBag(model), {});
  model.units[`${APP}/1`]!.leader = true;
  await runHook(model, store, { name: "leader-elected", unit: `${APP}/1` });
  assert.deepEqual(appBag(model), { fileset: "/srv" });
});

Deno.test("reconcile() publishes the same per-application script path from any leader", async () => {
  const { model, store } = setup(withBackup({
    units: [`${APP}/0`, `${APP}/3`],
    leader: `${APP}/3`,
    config: { fileset: "/srv", "run-before-backup": SCRIPT },
  }));
  await runHook(model, store, { name: "config-changed", unit: `${APP}/3` });
  assert.equal(appBag(model)["run-before-backup"], `${DIR}/run-before-backup`);
});

Deno.test("reconcile() in remove deletes the charm's files and sets no status", async () => {
  const { model, store } = setup({ config: { fileset: "/srv", "run-after-backup": SCRIPT } });
  await runHook(model, store, { name: "config-changed" });
  const before = status(model);
  const run = await runHook(model, store, { name: "remove" });
  assert.equal(run.error, undefined);
  assert.deepEqual(store.operations.at(-1), "removeAll");
  assert.equal(store.files.size, 0);
  assert.deepEqual(run.tools, ["juju-log"]);
  assert.equal(
    model.units[`${APP}/0`]?.logs.at(-1)?.message,
    `removed /opt/backup-integrator-charm/${APP}`,
  );
  assert.deepEqual(status(model), before);
});

Deno.test("reconcile() fails and never sets active when a hook tool fails", async () => {
  for (
    const tool of [
      "config-get",
      "relation-ids",
      "is-leader",
      "relation-get",
      "relation-set",
      "status-set",
    ]
  ) {
    const { model, store } = setup(withBackup({ config: { fileset: "/srv" } }));
    model.faults.push({ tool, exitCode: 1, stderr: "ERROR connection refused" });
    const run = await runHook(model, store, { name: "config-changed", fails: true });
    assert.ok(run.error instanceof HookToolError, tool);
    assert.equal(run.error.tool, tool);
    assert.notEqual(status(model)?.status, "active", tool);
    assert.deepEqual(appBag(model), {}, tool);
    model.faults.length = 0;
    const retry = await runHook(model, store, { name: "config-changed" });
    assert.equal(retry.error, undefined, tool);
    assert.deepEqual(status(model), { status: "active", message: "" }, tool);
    assert.deepEqual(appBag(model), { fileset: "/srv" }, tool);
  }
});

Deno.test("reconcile() fails before publishing when a script cannot be written", async () => {
  const { model, store } = setup(
    withBackup({ config: { fileset: "/srv", "run-after-backup": SCRIPT } }),
  );
  store.failWrites = "read-only file system";
  const run = await runHook(model, store, { name: "config-changed", fails: true });
  assert.ok(run.error instanceof ScriptStoreError);
  assert.equal(run.error.path, `${DIR}/run-after-backup`);
  // Every read comes before any change: gather, decide, apply.
  assert.deepEqual(run.tools, ["config-get", "relation-ids", "is-leader", "relation-get"]);
  // Juju shows the failed hook; the charm set no workload status, so no false active.
  assert.deepEqual(status(model), { status: "error", message: 'hook failed: "config-changed"' });
  assert.deepEqual(model.units[`${APP}/0`]?.statusBeforeError, { status: "unknown", message: "" });
  assert.deepEqual(appBag(model), {});
});
