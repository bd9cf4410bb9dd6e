/**
 * End-to-end: after a refresh from the Python charm, `upgrade-charm` run
 * through the real `dispatch` makes the Python charm's per-unit directories
 * unreadable to others, and never touches another application's directory.
 *
 * @module
 */

import assert from "node:assert/strict";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";

const APP = "backup-integrator";
const LEADER = `${APP}/0`;
const SCRIPT = "#!/bin/sh\nPGPASSWORD=secret pg_dump app > /var/backups/app.sql\n";
const modeOf = async (path: string) => ((await Deno.lstat(path)).mode ?? 0) & 0o7777;

Deno.test("dispatch in upgrade-charm makes the Python charm's leftover scripts unreadable to others", async () => {
  const juju = await FakeJuju.create({
    app: APP,
    entry: await charmEntry(),
    config: { fileset: "/var/backups", "run-before-backup": SCRIPT },
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      appData: {
        [APP]: {
          fileset: "/var/backups",
          "run-before-backup": `/opt/backup-integrator-charm/${APP}-0/scripts/run-before-backup`,
        },
      },
    }],
  });
  try {
    const base = juju.optDir;
    await Deno.mkdir(base, { recursive: true });
    await Deno.chmod(base, 0o755);
    // What the Python charm left, as it left it: 0755 all the way down.
    const python = `${base}/${APP}-0`;
    await Deno.mkdir(`${python}/scripts`, { recursive: true });
    await Deno.writeTextFile(`${python}/scripts/run-before-backup`, SCRIPT);
    for (const path of [python, `${python}/scripts`, `${python}/scripts/run-before-backup`]) {
      await Deno.chmod(path, 0o755);
    }
    // Another application's directory, named like unit backup-integrator/2's.
    const other = `${base}/${APP}-2`;
    await Deno.mkdir(`${other}/units`, { recursive: true });
    await Deno.chmod(other, 0o755);

    const result = await juju.runHook(LEADER, "upgrade-charm");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(python), 0o700);
    assert.equal(await modeOf(other), 0o755);
    // Kept for root, which bacula-fd runs as, until nothing names it.
    assert.equal(await Deno.readTextFile(`${python}/scripts/run-before-backup`), SCRIPT);
    const model = await juju.model();
    assert.deepEqual(model.relations["backup:1"]?.appData[APP], {
      fileset: "/var/backups",
      "run-before-backup": `${base}/${APP}/scripts/run-before-backup`,
    });
    assert.ok(
      model.units[LEADER]?.logs.some((line) =>
        line.message ===
          `tightened the mode of ${python} from 0755 to 0700: the Python charm's scripts in it ` +
            "may hold secrets"
      ),
      JSON.stringify(model.units[LEADER]?.logs),
    );
    const steady = await juju.runHook(LEADER, "config-changed");
    assert.deepEqual(steady.calls.map((call) => call.tool).sort(), [
      "config-get",
      "is-leader",
      "relation-get",
      "relation-ids",
      "status-set",
    ]);
  } finally {
    await juju.cleanup();
  }
});
