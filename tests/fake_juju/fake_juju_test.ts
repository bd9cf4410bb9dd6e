import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { FakeJuju, type FakeJujuOptions } from "./fake_juju.ts";
import { FAKE_TOOLS } from "./tool_dispatch.ts";

const UNIT = "backup-integrator/0";
const STAND_IN = fileURLToPath(new URL("./testdata/stand_in_charm.ts", import.meta.url));

/** Run `body` against a harness over the stand-in charm, then remove it. */
async function withJuju(
  options: FakeJujuOptions,
  body: (juju: FakeJuju) => Promise<void>,
): Promise<void> {
  const juju = await FakeJuju.create({ entry: STAND_IN, ...options });
  try {
    await body(juju);
  } finally {
    await juju.cleanup();
  }
}

function parseEnv(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of text.split("\n")) {
    const equals = line.indexOf("=");
    if (equals > 0) env.set(line.slice(0, equals), line.slice(equals + 1));
  }
  return env;
}

Deno.test("FakeJuju lays out an executable dispatch, launcher and one script per tool", async () => {
  await withJuju({}, async (juju) => {
    for (const path of ["dispatch", "bin/backup-integrator"]) {
      assert.equal(((await Deno.stat(`${juju.charmDir}/${path}`)).mode ?? 0) & 0o777, 0o755, path);
    }
    const launcher = await Deno.readTextFile(`${juju.charmDir}/bin/backup-integrator`);
    assert.match(launcher, /^#!\/bin\/sh\n/);
    assert.match(launcher, /\nDENO_DIR=\S+\nexport DENO_DIR\n/);
    assert.ok(launcher.includes(`--allow-write=${juju.optDir}`), launcher);
    assert.ok(launcher.includes(STAND_IN), launcher);
    const tools = [];
    for await (const entry of Deno.readDir(juju.toolsDir)) tools.push(entry.name);
    assert.deepEqual(tools.sort(), [...FAKE_TOOLS].sort());
  });
});

Deno.test("FakeJuju.runHook() replaces the environment: no HOME, charm dir as cwd, tools first on PATH", async () => {
  await withJuju({}, async (juju) => {
    // A spy in place of juju-log records what a tool started by the charm sees.
    const spy = `${juju.dir}/spy`;
    await Deno.writeTextFile(
      `${juju.toolsDir}/juju-log`,
      `#!/bin/sh\nenv > '${spy}.env'\npwd > '${spy}.pwd'\n`,
      { mode: 0o755 },
    );
    const result = await juju.runHook(UNIT, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    const env = parseEnv(await Deno.readTextFile(`${spy}.env`));
    assert.equal((await Deno.readTextFile(`${spy}.pwd`)).trim(), juju.charmDir);
    assert.equal(env.has("HOME"), false);
    assert.ok(env.get("PATH")?.startsWith(`${juju.toolsDir}:`), env.get("PATH"));
    assert.equal(env.get("JUJU_UNIT_NAME"), UNIT);
    assert.equal(env.get("JUJU_HOOK_NAME"), "config-changed");
    assert.equal(env.get("JUJU_DISPATCH_PATH"), "hooks/config-changed");
    assert.equal(env.get("LANG"), "C.UTF-8");
    assert.match(env.get("JUJU_CONTEXT_ID") ?? "", /^backup-integrator\/0-config-changed-\d+$/);
    assert.equal(env.has("JUJU_RELATION_ID"), false);
  });
});

Deno.test("FakeJuju.runHook() commits relation writes when the hook exits 0", async () => {
  await withJuju({
    config: { fileset: "/srv" },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", id: 3 }],
  }, async (juju) => {
    const result = await juju.runHook(UNIT, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(result.calls.map((call) => call.tool), [
      "juju-log",
      "config-get",
      "is-leader",
      "relation-ids",
      "relation-set",
      "status-set",
    ]);
    assert.deepEqual(result.calls[4], {
      unit: UNIT,
      hook: "config-changed",
      tool: "relation-set",
      args: ["-r", "backup:3", "--app", "--file", "-"],
      stdin: '{"fileset":"/srv"}',
    });
    const model = await juju.model();
    assert.deepEqual(model.relations["backup:3"]?.appData["backup-integrator"], {
      fileset: "/srv",
    });
    assert.deepEqual(model.pending, {});
    assert.deepEqual(model.units[UNIT]?.status, { status: "active", message: "fileset /srv" });
    assert.deepEqual(model.units[UNIT]?.logs, [
      { level: "INFO", message: "dispatch=hooks/config-changed hook=config-changed" },
    ]);
    assert.equal(
      await Deno.readTextFile(`${juju.optDir}/ran-config-changed`),
      "hooks/config-changed",
    );
  });
});

Deno.test("FakeJuju.runHook() discards relation writes and shows error until a retry succeeds", async () => {
  await withJuju({
    config: { fileset: "/srv", fail: true },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", id: 3 }],
  }, async (juju) => {
    const result = await juju.runHook(UNIT, "config-changed");
    assert.equal(result.exitCode, 1);
    assert.ok(result.calls.some((call) => call.tool === "relation-set"));
    const model = await juju.model();
    assert.equal(model.relations["backup:3"]?.appData["backup-integrator"], undefined);
    assert.deepEqual(model.pending, {});
    assert.deepEqual(model.units[UNIT]?.status, {
      status: "error",
      message: 'hook failed: "config-changed"',
    });
    // The retry succeeds once the cause is gone: its writes are committed.
    await juju.setConfig({ fail: null });
    assert.equal((await juju.runHook(UNIT, "config-changed")).exitCode, 0);
    const retried = await juju.model();
    assert.deepEqual(retried.relations["backup:3"]?.appData["backup-integrator"], {
      fileset: "/srv",
    });
    assert.deepEqual(retried.units[UNIT]?.status, { status: "active", message: "fileset /srv" });
  });
});

Deno.test("FakeJuju.runHook() passes a failing tool's exit code and stderr to the charm", async () => {
  await withJuju({ config: { fileset: "/srv" } }, async (juju) => {
    await juju.addFault({ tool: "is-leader", exitCode: 1, stderr: "ERROR connection refused" });
    const result = await juju.runHook(UNIT, "config-changed");
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr.trim(), "ERROR connection refused");
    assert.deepEqual(result.calls.map((call) => call.tool), [
      "juju-log",
      "config-get",
      "is-leader",
    ]);
  });
});

Deno.test("FakeJuju.runHook() hides the broken relation, then removes it on success", async () => {
  await withJuju({
    config: { fileset: "/srv" },
    relations: [
      { endpoint: "backup", remoteApp: "bacula-fd", id: 3 },
      { endpoint: "backup", remoteApp: "other-fd", id: 4 },
    ],
  }, async (juju) => {
    const result = await juju.runHook(UNIT, "backup-relation-broken", { relationId: "backup:3" });
    assert.equal(result.exitCode, 0, result.stderr);
    const writes = result.calls.filter((call) => call.tool === "relation-set");
    assert.deepEqual(writes.map((call) => call.args[1]), ["backup:4"]);
    const model = await juju.model();
    assert.deepEqual(Object.keys(model.relations), ["backup:4"]);
    assert.deepEqual(model.relations["backup:4"]?.appData["backup-integrator"], {
      fileset: "/srv",
    });
    // juju-log prefixes the hook's relation, as Juju does in relation hooks.
    assert.equal(model.units[UNIT]?.logs[0]?.message.startsWith("backup:3: "), true);
  });
});

Deno.test("FakeJuju.runHook() on Juju before 3.4 still lists the broken relation, then removes it on success", async () => {
  await withJuju({
    jujuVersion: "3.3.6",
    config: { fileset: "/srv" },
    relations: [
      { endpoint: "backup", remoteApp: "bacula-fd", id: 3 },
      { endpoint: "backup", remoteApp: "other-fd", id: 4 },
    ],
  }, async (juju) => {
    const env = await juju.hookEnvironment(UNIT, "backup-relation-broken", {
      relationId: "backup:3",
    });
    assert.equal(env["JUJU_VERSION"], "3.3.6");
    const result = await juju.runHook(UNIT, "backup-relation-broken", { relationId: "backup:3" });
    assert.equal(result.exitCode, 0, result.stderr);
    const writes = result.calls.filter((call) => call.tool === "relation-set");
    // The stand-in does not leave the broken relation out itself, so it writes to both.
    assert.deepEqual(writes.map((call) => call.args[1]), ["backup:3", "backup:4"]);
    assert.deepEqual(Object.keys((await juju.model()).relations), ["backup:4"]);
  });
});

Deno.test("FakeJuju.runDispatch() runs with only the dispatch variables it is given", async () => {
  await withJuju({}, async (juju) => {
    const result = await juju.runDispatch(UNIT, { env: { JUJU_DISPATCH_PATH: "actions/backup" } });
    assert.equal(result.exitCode, 0, result.stderr);
    const model = await juju.model();
    assert.deepEqual(model.units[UNIT]?.logs, [
      { level: "INFO", message: "dispatch=actions/backup hook=" },
    ]);
    assert.equal(result.calls[0]?.hook, "");
  });
});

Deno.test("FakeJuju.hookEnvironment() gives relation variables, empty remote unit in -broken", async () => {
  await withJuju({
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", remoteUnits: ["bacula-fd/1"] }],
  }, async (juju) => {
    const changed = await juju.hookEnvironment(UNIT, "backup-relation-changed");
    assert.equal(changed["JUJU_RELATION"], "backup");
    assert.equal(changed["JUJU_RELATION_ID"], "backup:1");
    assert.equal(changed["JUJU_REMOTE_APP"], "bacula-fd");
    assert.equal(changed["JUJU_REMOTE_UNIT"], "bacula-fd/1");
    assert.equal(changed["JUJU_VERSION"], "3.6.4");
    const broken = await juju.hookEnvironment(UNIT, "backup-relation-broken", {
      env: { TERM: null },
    });
    assert.equal(broken["JUJU_REMOTE_UNIT"], "");
    assert.equal(broken["JUJU_RELATION_ID"], "backup:1");
    assert.equal(broken["TERM"], undefined);
    assert.equal(broken["HOME"], undefined);
    await assert.rejects(juju.hookEnvironment(UNIT, "juju-info-relation-joined"), TypeError);
  });
});
