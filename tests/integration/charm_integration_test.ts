// The charm on a real Juju: beside two ubuntu units and bacula-fd from
// Charmhub, through configuration, relation changes and removal. Skipped
// (with the reason printed) unless JUJU_MODEL names a model; see
// integration_env.ts and .github/workflows/integration.yml.

import assert from "node:assert/strict";
import { appDir, DEFAULT_OPT_DIR, scriptsDir } from "../../src/charm/paths.ts";
import { Juju } from "./juju_cli.ts";
import { unitsOf } from "./juju_json.ts";
import { processGate } from "./integration_env.ts";
import { expectNoFile, expectScripts, publishedData } from "./machine_checks.ts";

/** The contract (docs/security.md): scripts and their directories are private to root. */
const DIRECTORY_MODE = 0o700;
const SCRIPT_MODE = 0o700;

const gate = processGate("charm_integration_test.ts");

const PRINCIPAL = "ubuntu";
const APP = "backup-integrator";
const FD = "bacula-fd";
const SCRIPTS = scriptsDir(DEFAULT_OPT_DIR, APP);
const DUMP = "#!/bin/sh\nset -e\nmkdir -p /var/backups/db\necho dumped > /var/backups/db/dump\n";
const LOAD = "#!/bin/sh\ncat /var/backups/db/dump\n";

Deno.test({
  name: "the charm on Juju: deploy, integrate, configure, unset, remove the relation, remove it",
  ignore: !gate.run,
  // Juju's own processes and timers outlive single steps.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    if (!gate.run) return;
    const { settings } = gate;
    const juju = new Juju(settings.model);
    const idle = (apps: string[], workload: string[]) => juju.waitForIdle(apps, workload);

    await t.step("deploys, and is blocked on each unit until fileset is set", async () => {
      await juju.deploy("ubuntu", { app: PRINCIPAL, numUnits: 2, base: settings.base });
      await juju.deploy(`./${settings.charmPath}`, { app: APP, base: settings.base });
      await juju.deploy("bacula-fd", {
        app: FD,
        base: settings.base,
        channel: settings.baculaFdChannel,
      });
      await juju.integrate(`${APP}:juju-info`, `${PRINCIPAL}:juju-info`);
      await juju.integrate(`${FD}:juju-info`, `${PRINCIPAL}:juju-info`);
      const status = await idle([APP], ["blocked"]);
      const units = unitsOf(status, APP);
      assert.equal(units.length, 2);
      for (const unit of units) {
        assert.equal(unit.workload.message, `set fileset: juju config ${APP} fileset=/path`);
      }
      assert.equal(units.filter((u) => u.leader).length, 1);
    });

    await t.step("with fileset and scripts set, waits for the backup relation", async () => {
      await juju.config(APP, {
        fileset: "/var/backups,/etc/hostname",
        "run-before-backup": DUMP,
        "run-after-restore": LOAD,
      });
      const status = await idle([APP], ["waiting"]);
      for (const unit of unitsOf(status, APP)) {
        assert.equal(
          unit.workload.message,
          `waiting for backup relation: juju integrate ${APP}:backup bacula-fd`,
        );
      }
    });

    await t.step("integrated with bacula-fd, publishes the fileset and script paths", async () => {
      await juju.integrate(`${APP}:backup`, `${FD}:backup`);
      await idle([APP], ["active"]);
      assert.deepEqual(await publishedData(juju, `${FD}/0`), {
        fileset: "/var/backups,/etc/hostname",
        "run-before-backup": `${SCRIPTS}/run-before-backup`,
        "run-after-restore": `${SCRIPTS}/run-after-restore`,
      });
    });

    await t.step("writes the scripts on both machines, root-only", async () => {
      for (const unit of unitsOf(await juju.status(), PRINCIPAL)) {
        await expectScripts(juju, unit.name, {
          dir: appDir(DEFAULT_OPT_DIR, APP),
          dirMode: DIRECTORY_MODE,
          scriptMode: SCRIPT_MODE,
          scripts: { "run-before-backup": DUMP, "run-after-restore": LOAD },
        });
      }
    });

    await t.step(
      "show-backup-config says both machines match, and the leader's published data too",
      async () => {
        for (const unit of unitsOf(await juju.status(), APP)) {
          const results = await juju.runAction(unit.name, "show-backup-config");
          const files = results["files"] as Record<string, Record<string, string>>;
          assert.equal(files["run-before-backup"]?.["state"], "matches", unit.name);
          assert.equal(files["run-after-restore"]?.["state"], "matches", unit.name);
          assert.equal(JSON.stringify(results).includes("echo dumped"), false, "no script content");
          if (unit.leader) {
            assert.match(String(results["summary"]), /^matches: /, unit.name);
            const published = Object.values(results["published"] as Record<string, object>);
            assert.deepEqual(
              published.map((bag) => (bag as Record<string, string>)["matches-config"]),
              [
                "true",
              ],
            );
          } else {
            assert.match(String(results["published"]), /^only the leader can read/, unit.name);
          }
        }
      },
    );

    await t.step("follows a config change and an unset option on both machines", async () => {
      const dump2 = DUMP.replace("dumped", "dumped again");
      await juju.config(APP, { "run-before-backup": dump2, "run-after-backup": LOAD });
      await juju.resetConfig(APP, ["run-after-restore"]);
      await idle([APP], ["active"]);
      assert.deepEqual(await publishedData(juju, `${FD}/0`), {
        fileset: "/var/backups,/etc/hostname",
        "run-before-backup": `${SCRIPTS}/run-before-backup`,
        "run-after-backup": `${SCRIPTS}/run-after-backup`,
      });
      for (const unit of unitsOf(await juju.status(), PRINCIPAL)) {
        await expectScripts(juju, unit.name, {
          dir: appDir(DEFAULT_OPT_DIR, APP),
          dirMode: DIRECTORY_MODE,
          scriptMode: SCRIPT_MODE,
          scripts: { "run-before-backup": dump2, "run-after-backup": LOAD },
        });
      }
    });

    await t.step("goes back to waiting when the backup relation is removed", async () => {
      await juju.removeRelation(`${APP}:backup`, `${FD}:backup`);
      const status = await idle([APP], ["waiting"]);
      for (const unit of unitsOf(status, APP)) {
        assert.equal(
          unit.workload.message,
          `waiting for backup relation: juju integrate ${APP}:backup bacula-fd`,
        );
      }
    });

    await t.step("removed, deletes its directory on both machines", async () => {
      await juju.removeApplication(APP);
      await juju.waitFor((status) => unitsOf(status, APP).length === 0);
      for (const unit of unitsOf(await juju.status(), PRINCIPAL)) {
        await expectNoFile(juju, unit.name, appDir(DEFAULT_OPT_DIR, APP));
      }
    });
  },
});
