/**
 * End-to-end: turning a script off takes effect through the real `dispatch`
 * even when the rest of the configuration is not valid, as
 * `juju config backup-integrator --reset fileset --reset run-before-backup`
 * leaves it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";

const APP = "backup-integrator";
const LEADER = `${APP}/0`;
const FOLLOWER = `${APP}/1`;
const SCRIPT = "#!/bin/sh\nPGPASSWORD=secret pg_dump app > /var/backups/app.sql\n";

async function scriptsOnDisk(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("dispatch removes a reset script and deletes its key though fileset is reset with it", async () => {
  const juju = await FakeJuju.create({
    app: APP,
    entry: await charmEntry(),
    units: [LEADER, FOLLOWER],
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
    config: { fileset: "/var/backups", "run-before-backup": SCRIPT, "run-after-backup": SCRIPT },
  });
  try {
    const dir = `${juju.optDir}/${APP}/scripts`;
    for (const unit of [LEADER, FOLLOWER]) {
      assert.equal((await juju.runHook(unit, "config-changed")).exitCode, 0);
    }
    assert.deepEqual(await scriptsOnDisk(dir), ["run-after-backup", "run-before-backup"]);

    await juju.setConfig({ fileset: null, "run-before-backup": null });
    for (const unit of [LEADER, FOLLOWER]) {
      const result = await juju.runHook(unit, "config-changed");
      assert.equal(result.exitCode, 0, result.stderr);
    }
    const model = await juju.model();
    assert.deepEqual(model.relations["backup:1"]?.appData[APP], {
      fileset: "/var/backups",
      "run-after-backup": `${dir}/run-after-backup`,
    });
    assert.deepEqual(await scriptsOnDisk(dir), ["run-after-backup"]);
    const advice = "set fileset: juju config backup-integrator fileset=/path";
    assert.deepEqual(model.units[LEADER]?.status, {
      status: "blocked",
      message: `[in force: fileset +1 script] ${advice}; in force: fileset, run-after-backup`,
    });
    // A non-leader cannot read what is published: it names what is on its
    // machine, and where to see the rest.
    assert.deepEqual(model.units[FOLLOWER]?.status, {
      status: "blocked",
      message: `[in force: 1 script; ask leader] ${advice}; in force: run-after-backup; ` +
        "see: juju run backup-integrator/leader show-backup-config",
    });

    // Every script reset: none left on disk, no script key published.
    await juju.setConfig({ "run-after-backup": null });
    assert.equal((await juju.runHook(LEADER, "config-changed")).exitCode, 0);
    assert.deepEqual((await juju.model()).relations["backup:1"]?.appData[APP], {
      fileset: "/var/backups",
    });
    assert.deepEqual(await scriptsOnDisk(dir), []);
  } finally {
    await juju.cleanup();
  }
});
