// Refreshing from the Python charm of the same name (from Charmhub) to this
// charm with `juju refresh --path`, as docs/upgrading.md describes it: the new
// paths are published, every machine gets the scripts, and the Python charm's
// per-unit directories are left for the operator, whose documented commands
// find and remove exactly them. In a model of its own; skipped unless
// JUJU_MODEL_PREFIX is set.

import assert from "node:assert/strict";
import { appDir, DEFAULT_OPT_DIR, scriptsDir } from "../../../src/charm/paths.ts";
import { unitsOf } from "../juju_json.ts";
import { expectScripts, isDirectory, publishedData } from "../machine_checks.ts";
import { deployBaculaFdBeside } from "../bacula_fd.ts";
import { scenario } from "../scenario.ts";
import { idleApp, settledApp as app } from "../wait.ts";

/** The contract (docs/security.md): scripts and their directories are private to root. */
const DIRECTORY_MODE = 0o700;
const SCRIPT_MODE = 0o700;

const PRINCIPAL = "legacy-principal";
const APP = "legacy-backup";
const FD = "legacy-bacula-fd";
const DUMP = "#!/bin/sh\necho dump\n";

/** The docs' command (docs/upgrading.md, "What is left behind") for application {@link APP}. */
function findOldDirs(remove: boolean): string {
  return `find ${DEFAULT_OPT_DIR} -mindepth 1 -maxdepth 1 -type d -regextype posix-extended ` +
    `-regex '.*/${APP}-[0-9]+' -print${remove ? " -exec rm -rf {} +" : ""}`;
}

scenario({
  name: "refresh from the Python charm publishes the new paths and leaves the old directories",
  file: "refresh_test.ts",
  model: "refresh",
  deadlineMs: 30 * 60_000,
}, async (juju, settings, t) => {
  let oldLeaderDir = "";
  let leaderMachineUnit = "";

  await t.step("the Python charm publishes its leader's per-unit path", async () => {
    await juju.deploy("ubuntu", { app: PRINCIPAL, numUnits: 2, base: settings.base });
    await juju.deploy("backup-integrator", {
      app: APP,
      base: settings.base,
      channel: settings.pythonCharmChannel,
      config: { fileset: "/var/backups", "run-before-backup": DUMP },
    });
    await deployBaculaFdBeside(juju, settings, { principal: PRINCIPAL, app: APP, fd: FD });
    await juju.integrate(`${APP}:backup`, `${FD}:backup`);
    // The Python charm sets no status on a non-leader.
    const status = await juju.waitSettled({
      apps: {
        [PRINCIPAL]: app(2, "active"),
        [APP]: app(2, "active", "unknown"),
        // show-unit shows bacula-fd's backup relation once its hook has run.
        [FD]: idleApp(2),
      },
    });
    const leader = unitsOf(status, APP).find((u) => u.leader);
    assert.ok(leader !== undefined && leader.principal !== undefined);
    leaderMachineUnit = leader.principal;
    oldLeaderDir = `${DEFAULT_OPT_DIR}/${leader.name.replace("/", "-")}`;
    const published = await publishedData(juju, `${FD}/0`);
    assert.equal(published["run-before-backup"], `${oldLeaderDir}/scripts/run-before-backup`);
  });

  await t.step(
    "refreshed to this charm, every unit is active and the new path is published",
    async () => {
      await juju.refreshPath(APP, settings.charmPath);
      // Units stay active/idle, showing upgrading-from, until upgrade-charm ran.
      const status = await juju.waitSettled({
        apps: { [APP]: app(2, "active"), [FD]: idleApp(2) },
      });
      assert.equal(status.applications[APP]?.origin, "local");
      assert.deepEqual(await publishedData(juju, `${FD}/0`), {
        fileset: "/var/backups",
        "run-before-backup": `${scriptsDir(DEFAULT_OPT_DIR, APP)}/run-before-backup`,
      });
      for (const unit of unitsOf(status, PRINCIPAL)) {
        await expectScripts(juju, unit.name, {
          dir: appDir(DEFAULT_OPT_DIR, APP),
          dirMode: DIRECTORY_MODE,
          scriptMode: SCRIPT_MODE,
          scripts: { "run-before-backup": DUMP },
        });
      }
    },
  );

  await t.step(
    "the old per-unit directory is left, and the documented commands remove only it",
    async () => {
      assert.ok(await isDirectory(juju, leaderMachineUnit, oldLeaderDir), oldLeaderDir);
      const found = await juju.exec(leaderMachineUnit, findOldDirs(false));
      assert.deepEqual(found.stdout.trim().split("\n"), [oldLeaderDir]);
      const removed = await juju.exec(leaderMachineUnit, findOldDirs(true));
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(await isDirectory(juju, leaderMachineUnit, oldLeaderDir), false);
      assert.ok(await isDirectory(juju, leaderMachineUnit, appDir(DEFAULT_OPT_DIR, APP)));
    },
  );
});
