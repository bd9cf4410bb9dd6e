/**
 * End-to-end tests of the `show-backup-config` action: the real `dispatch`
 * runs it as `juju run` does (`JUJU_DISPATCH_PATH=actions/<name>`, the
 * `JUJU_ACTION_*` variables, an empty `JUJU_HOOK_NAME`), with executable fake
 * hook tools, on the leader and on a non-leader.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CONTRACT_ACTIONS } from "../contract.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { inCallOrder } from "../fake_juju/call_order.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import type { ActionResults } from "../fake_juju/model.ts";

const APP = "backup-integrator";
const LEADER = `${APP}/0`;
const FOLLOWER = `${APP}/1`;
const [ACTION = ""] = CONTRACT_ACTIONS;
const SCRIPT = "#!/bin/sh\nPGPASSWORD=hunter2 pg_dump app > /var/backups/app.sql\n";

async function withDeployed(body: (juju: FakeJuju) => Promise<void>): Promise<void> {
  const juju = await FakeJuju.create({
    app: APP,
    units: [LEADER, FOLLOWER],
    config: { fileset: "/var/backups, /etc/app", "run-before-backup": SCRIPT },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", id: 4 }],
    entry: await charmEntry(),
  });
  try {
    for (const unit of [LEADER, FOLLOWER]) {
      const hook = await juju.runHook(unit, "config-changed");
      assert.equal(hook.exitCode, 0, hook.stderr);
    }
    await body(juju);
  } finally {
    await juju.cleanup();
  }
}

function section(results: ActionResults, key: string): ActionResults {
  const value = results[key];
  assert.ok(typeof value === "object", `${key} is not a map: ${JSON.stringify(results)}`);
  return value;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

Deno.test("dispatch runs show-backup-config on the leader: published data, files and digests, and changes nothing", async () => {
  await withDeployed(async (juju) => {
    const before = await juju.model();
    const result = await juju.runAction(LEADER, ACTION);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.action.status, "completed", result.action.message);
    assert.deepEqual(inCallOrder(result.calls).map((call) => call.tool), [
      "config-get",
      "is-leader",
      "relation-ids",
      "relation-get",
      "action-set",
    ]);
    const results = result.action.results;
    const path = `${juju.optDir}/${APP}/scripts/run-before-backup`;
    assert.equal(results["leader"], "true");
    assert.deepEqual(section(section(results, "published"), "backup-4"), {
      "relation-id": "backup:4",
      fileset: "/var/backups,/etc/app",
      "run-before-backup": path,
      "matches-config": "true",
    });
    assert.deepEqual(section(section(results, "files"), "run-before-backup"), {
      path,
      state: "matches",
      mode: "0700",
      size: String(new TextEncoder().encode(SCRIPT).length),
      sha256: sha256(SCRIPT),
      "expected-sha256": sha256(SCRIPT),
    });
    assert.match(String(results["summary"]), /^matches: /);
    assert.equal(JSON.stringify(results).includes("hunter2"), false);
    const after = await juju.model();
    assert.deepEqual(after.units, before.units);
    assert.deepEqual(after.relations, before.relations);
  });
});

Deno.test("dispatch runs show-backup-config on a non-leader, which reads no application bag, and finds a changed file", async () => {
  await withDeployed(async (juju) => {
    const path = `${juju.optDir}/${APP}/scripts/run-before-backup`;
    await Deno.writeTextFile(path, "#!/bin/sh\nexit 0\n");
    const result = await juju.runAction(FOLLOWER, ACTION);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.action.status, "completed", result.action.message);
    assert.equal(result.calls.some((call) => call.tool === "relation-get"), false);
    const results = result.action.results;
    assert.equal(results["leader"], "false");
    assert.match(String(results["published"]), /^only the leader can read what this application/);
    assert.equal(section(results, "expected")["run-before-backup"], path);
    const file = section(section(results, "files"), "run-before-backup");
    assert.equal(file["state"], "differs");
    assert.equal(file["sha256"], sha256("#!/bin/sh\nexit 0\n"));
    assert.equal(file["expected-sha256"], sha256(SCRIPT));
    assert.match(String(results["summary"]), /run-before-backup: differs/);
  });
});

Deno.test("dispatch fails an action the charm does not have with action-fail, and the unit stays as it was", async () => {
  await withDeployed(async (juju) => {
    const result = await juju.runAction(LEADER, "show-backup");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.action.status, "failed");
    assert.equal(
      result.action.message,
      `unknown action "show-backup": this charm has ${CONTRACT_ACTIONS.join(", ")}`,
    );
    assert.deepEqual((await juju.model()).units[LEADER]?.status, { status: "active", message: "" });
  });
});
