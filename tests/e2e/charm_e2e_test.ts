/**
 * End-to-end tests: the real `dispatch` runs the charm under the fake Juju,
 * with executable fake hook tools and the environment Juju gives a hook.
 *
 * @module
 */

import { inCallOrder } from "../fake_juju/call_order.ts";
import assert from "node:assert/strict";
import { CONTRACT_OBSERVED_HOOKS } from "../contract.ts";
import { FakeJuju, type FakeJujuOptions } from "../fake_juju/fake_juju.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";

const APP = "backup-integrator";
const LEADER = `${APP}/0`;
const FOLLOWER = `${APP}/1`;
const SCRIPT = "#!/bin/sh\nset -e\npg_dump app > /var/backups/app.sql\n";

async function withJuju(
  options: FakeJujuOptions,
  body: (juju: FakeJuju) => Promise<void>,
): Promise<void> {
  const juju = await FakeJuju.create({ app: APP, entry: await charmEntry(), ...options });
  try {
    await body(juju);
  } finally {
    await juju.cleanup();
  }
}

function scriptsDir(juju: FakeJuju): string {
  return `${juju.optDir}/${APP}/scripts`;
}

async function listScripts(juju: FakeJuju): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(scriptsDir(juju))) names.push(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

async function appBag(juju: FakeJuju, relationId = "backup:1") {
  return (await juju.model()).relations[relationId]?.appData[APP] ?? {};
}

async function status(juju: FakeJuju, unit = LEADER) {
  return (await juju.model()).units[unit]?.status;
}

function tools(result: { calls: readonly { tool: string }[] }): string[] {
  return result.calls.map((call) => call.tool);
}

/** The tools a hook called, its first round (started together) sorted. */
function rounds(result: { calls: readonly { tool: string }[] }): string[] {
  return inCallOrder(result.calls).map((call) => call.tool);
}

Deno.test("dispatch runs the reconcile for every observed hook, through a whole life", async () => {
  await withJuju({ units: [LEADER], recordStarts: true }, async (juju) => {
    const seen = new Set<string>();
    const run = async (hook: string, options: { relationId?: string } = {}) => {
      const result = await juju.runHook(LEADER, hook, options);
      assert.equal(result.exitCode, 0, `${hook}: ${result.stderr}`);
      assert.equal(result.binaryStarted, CONTRACT_OBSERVED_HOOKS.includes(hook), hook);
      // Only a hook that ran the reconcile calls a hook tool.
      if (result.calls.length > 0) seen.add(hook);
      return result;
    };
    // Deploy: no config yet.
    assert.deepEqual(tools(await run("install")), []);
    await run("leader-elected");
    assert.deepEqual(await status(juju), {
      status: "blocked",
      message: "set fileset: juju config backup-integrator fileset=/path",
    });
    await juju.setConfig({ fileset: "/var/backups, /etc/app", "run-before-backup": SCRIPT });
    await run("config-changed");
    assert.deepEqual(await status(juju), {
      status: "waiting",
      message: "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
    });
    assert.deepEqual(await listScripts(juju), ["run-before-backup"]);
    // Integrate with bacula-fd.
    await juju.addRelation({ endpoint: "backup", remoteApp: "bacula-fd" });
    await run("backup-relation-created");
    const published = {
      fileset: "/var/backups,/etc/app",
      "run-before-backup": `${scriptsDir(juju)}/run-before-backup`,
    };
    assert.deepEqual(await appBag(juju), published);
    assert.deepEqual(await status(juju), { status: "active", message: "" });
    const steady = await run("backup-relation-changed");
    assert.equal(tools(steady).includes("relation-set"), false);
    await run("leader-settings-changed");
    await run("upgrade-charm");
    assert.deepEqual(await appBag(juju), published);
    // Remove the relation, then the unit.
    await run("backup-relation-broken", { relationId: "backup:1" });
    assert.deepEqual(await status(juju), {
      status: "waiting",
      message: "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
    });
    await run("stop");
    const removed = await run("remove");
    assert.deepEqual(tools(removed), ["juju-log"]);
    await assert.rejects(() => Deno.stat(`${juju.optDir}/${APP}`), Deno.errors.NotFound);
    assert.deepEqual(
      [...seen].sort(),
      [...CONTRACT_OBSERVED_HOOKS].sort(),
    );
  });
});

Deno.test("dispatch starts neither the binary nor a hook tool in a hook the charm does not observe", async () => {
  await withJuju({
    recordStarts: true,
    config: { fileset: "/srv" },
    relations: [
      { endpoint: "juju-info", remoteApp: "ubuntu" },
      { endpoint: "backup", remoteApp: "bacula-fd" },
    ],
  }, async (juju) => {
    const unobserved = [
      "install",
      "start",
      "update-status",
      "juju-info-relation-joined",
      "juju-info-relation-changed",
      "backup-relation-joined",
      "collect-metrics",
      "secret-changed",
      "stop",
    ];
    for (const hook of unobserved) {
      const result = await juju.runHook(LEADER, hook);
      assert.equal(result.exitCode, 0, hook);
      assert.equal(result.binaryStarted, false, hook);
      assert.deepEqual(result.calls, [], hook);
    }
  });
});

Deno.test("dispatch writes scripts with exact bytes and mode 0700 and publishes their paths", async () => {
  const bytes = "#!/usr/bin/env python3\n# ü 😀\r\nprint('restored')\n\n";
  await withJuju({
    config: { fileset: "/srv", "run-after-restore": bytes, "run-after-backup": "echo done" },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  }, async (juju) => {
    const result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(await listScripts(juju), ["run-after-backup", "run-after-restore"]);
    const path = `${scriptsDir(juju)}/run-after-restore`;
    assert.equal(await Deno.readTextFile(path), bytes);
    assert.equal(((await Deno.stat(path)).mode ?? 0) & 0o7777, 0o700);
    assert.deepEqual(await appBag(juju), {
      fileset: "/srv",
      "run-after-backup": `${scriptsDir(juju)}/run-after-backup`,
      "run-after-restore": path,
    });
    const warnings = (await juju.model()).units[LEADER]?.logs.filter((entry) =>
      entry.level === "WARNING"
    );
    assert.equal(warnings?.length, 1);
    assert.match(warnings?.[0]?.message ?? "", /run-after-backup without a "#!" line/);
    // Unset one option: its file and key go.
    await juju.setConfig({ "run-after-backup": null });
    assert.equal((await juju.runHook(LEADER, "config-changed")).exitCode, 0);
    assert.deepEqual(await listScripts(juju), ["run-after-restore"]);
    assert.equal("run-after-backup" in await appBag(juju), false);
  });
});

Deno.test("dispatch on a non-leader writes the scripts and leaves the application databag alone", async () => {
  await withJuju({
    units: [LEADER, FOLLOWER],
    config: { fileset: "/srv", "run-before-backup": SCRIPT },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  }, async (juju) => {
    const first = await juju.runHook(FOLLOWER, "backup-relation-created");
    assert.equal(first.exitCode, 0, first.stderr);
    assert.deepEqual(await listScripts(juju), ["run-before-backup"]);
    assert.deepEqual(await appBag(juju), {});
    assert.deepEqual(await status(juju, FOLLOWER), { status: "active", message: "" });
    const steady = await juju.runHook(FOLLOWER, "config-changed");
    assert.deepEqual(rounds(steady), ["config-get", "is-leader", "relation-ids", "status-set"]);
    // The leader publishes the same per-application path the follower wrote.
    const leader = await juju.runHook(LEADER, "config-changed");
    assert.equal(leader.exitCode, 0, leader.stderr);
    assert.equal(
      (await appBag(juju))["run-before-backup"],
      `${scriptsDir(juju)}/run-before-backup`,
    );
    const leaderSteady = await juju.runHook(LEADER, "config-changed");
    assert.deepEqual(rounds(leaderSteady), [
      "config-get",
      "is-leader",
      "relation-ids",
      "relation-get",
      "status-set",
    ]);
  });
});

Deno.test("dispatch publishes to two backup relations and keeps the other when one breaks", async () => {
  await withJuju({
    config: { fileset: "/srv/a,/srv/b" },
    relations: [
      { endpoint: "backup", remoteApp: "bacula-fd" },
      { endpoint: "backup", remoteApp: "bacula-fd-dr" },
    ],
  }, async (juju) => {
    assert.equal((await juju.runHook(LEADER, "config-changed")).exitCode, 0);
    assert.deepEqual(await appBag(juju, "backup:1"), { fileset: "/srv/a,/srv/b" });
    assert.deepEqual(await appBag(juju, "backup:2"), { fileset: "/srv/a,/srv/b" });
    const broken = await juju.runHook(LEADER, "backup-relation-broken", { relationId: "backup:1" });
    assert.equal(broken.exitCode, 0, broken.stderr);
    assert.deepEqual(await status(juju), { status: "active", message: "" });
    assert.deepEqual(Object.keys((await juju.model()).relations), ["backup:2"]);
  });
});

Deno.test("dispatch fails the hook when a hook tool fails, commits nothing, then converges", async () => {
  await withJuju({
    config: { fileset: "/srv" },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  }, async (juju) => {
    await juju.addFault({ tool: "status-set", exitCode: 1, stderr: "ERROR connection refused" });
    const failed = await juju.runHook(LEADER, "config-changed");
    assert.equal(failed.exitCode, 1);
    assert.match(failed.stderr, /hooks\/config-changed failed: .*status-set.*connection refused/);
    assert.ok(tools(failed).includes("relation-set"));
    assert.deepEqual(await appBag(juju), {}, "a failed hook's relation write is not committed");
    assert.deepEqual(await status(juju), {
      status: "error",
      message: 'hook failed: "config-changed"',
    });
    const logged = (await juju.model()).units[LEADER]?.logs.at(-1);
    assert.equal(logged?.level, "ERROR");
    await juju.update((model) => {
      model.faults = [];
    });
    const retry = await juju.runHook(LEADER, "config-changed");
    assert.equal(retry.exitCode, 0, retry.stderr);
    assert.deepEqual(await appBag(juju), { fileset: "/srv" });
    assert.deepEqual(await status(juju), { status: "active", message: "" });
  });
});

Deno.test("dispatch sets blocked with the rule for an invalid fileset and exits 0", async () => {
  await withJuju({
    config: { fileset: "/srv,/srv/../etc" },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  }, async (juju) => {
    const result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(await status(juju), {
      status: "blocked",
      message:
        'invalid config: fileset: "/srv/../etc" is not normalized: it contains a ".." segment',
    });
    assert.deepEqual(await appBag(juju), {});
  });
});

Deno.test("dispatch fails naming the path when a file stands where the scripts directory goes", async () => {
  await withJuju({
    config: { fileset: "/srv", "run-before-backup": SCRIPT },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  }, async (juju) => {
    await Deno.writeTextFile(`${juju.optDir}/${APP}`, "in the way");
    const result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 1);
    assert.ok(result.stderr.includes(`${juju.optDir}/${APP}`), result.stderr);
    assert.notEqual((await status(juju))?.status, "active");
    assert.deepEqual(await appBag(juju), {});
  });
});

Deno.test("dispatch finds the hook from JUJU_DISPATCH_PATH alone and from JUJU_HOOK_NAME alone", async () => {
  await withJuju({ config: { fileset: "/srv" } }, async (juju) => {
    const byPath = await juju.runDispatch(LEADER, {
      env: { JUJU_DISPATCH_PATH: "hooks/config-changed" },
    });
    assert.equal(byPath.exitCode, 0, byPath.stderr);
    assert.ok(tools(byPath).includes("status-set"));
    const byName = await juju.runDispatch(LEADER, { env: { JUJU_HOOK_NAME: "config-changed" } });
    assert.equal(byName.exitCode, 0, byName.stderr);
    assert.ok(tools(byName).includes("status-set"));
  });
});

Deno.test("dispatch starts the binary for an action", async () => {
  await withJuju({ recordStarts: true, config: { fileset: "/srv" } }, async (juju) => {
    const result = await juju.runDispatch(LEADER, { env: { JUJU_DISPATCH_PATH: "actions/any" } });
    assert.equal(result.binaryStarted, true, result.stderr);
  });
});

Deno.test("dispatch finds the binary beside itself when JUJU_CHARM_DIR is unset", async () => {
  await withJuju({ config: { fileset: "/srv" } }, async (juju) => {
    const result = await juju.runHook(LEADER, "config-changed", {
      env: { JUJU_CHARM_DIR: null, CHARM_DIR: null },
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(await status(juju), {
      status: "waiting",
      message: "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
    });
  });
});
