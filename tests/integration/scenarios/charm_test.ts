// The charm on Juju: beside two ubuntu units and bacula-fd from Charmhub,
// through configuration, relation changes and removal, in a model of its own.
// Skipped (with the reason printed) unless JUJU_MODEL_PREFIX is set; see
// ../integration_env.ts. `deno task test:integration` runs it, against a
// real Juju in CI and against the fake `juju` in ../fake_scenarios_test.ts.

import assert from "node:assert/strict";
import { appDir, DEFAULT_OPT_DIR, scriptsDir } from "../../../src/charm/paths.ts";
import { unitsOf } from "../juju_json.ts";
import { expectNoFile, expectScripts, publishedData } from "../machine_checks.ts";
import { deployBaculaFdBeside } from "../bacula_fd.ts";
import { scenario } from "../scenario.ts";
import { idleApp, settledApp as app } from "../wait.ts";

/** The contract (docs/security.md): scripts and their directories are private to root. */
const DIRECTORY_MODE = 0o700;
const SCRIPT_MODE = 0o700;

const PRINCIPAL = "ubuntu";
const APP = "backup-integrator";
const FD = "bacula-fd";
const SCRIPTS = scriptsDir(DEFAULT_OPT_DIR, APP);
const DUMP = "#!/bin/sh\nset -e\nmkdir -p /var/backups/db\necho dumped > /var/backups/db/dump\n";
const LOAD = "#!/bin/sh\ncat /var/backups/db/dump\n";

scenario({
  name: "the charm on Juju: deploy, integrate, configure, unset, remove the relation, remove it",
  file: "charm_test.ts",
  model: "charm",
  deadlineMs: 30 * 60_000,
}, async (juju, settings, t) => {
  const principal = app(2, "active");
  const expectScriptsOnEveryMachine = async (scripts: Record<string, string>) => {
    for (const unit of unitsOf(await juju.status(), PRINCIPAL)) {
      await expectScripts(juju, unit.name, {
        dir: appDir(DEFAULT_OPT_DIR, APP),
        dirMode: DIRECTORY_MODE,
        scriptMode: SCRIPT_MODE,
        scripts,
      });
    }
  };

  await t.step("deploys, and is blocked on each unit until fileset is set", async () => {
    await juju.deploy("ubuntu", { app: PRINCIPAL, numUnits: 2, base: settings.base });
    await juju.deploy(settings.charmPath, { app: APP, base: settings.base });
    await deployBaculaFdBeside(juju, settings, { principal: PRINCIPAL, app: APP, fd: FD });
    const status = await juju.waitSettled({
      apps: { [PRINCIPAL]: principal, [APP]: app(2, "blocked"), [FD]: idleApp(2) },
    });
    const units = unitsOf(status, APP);
    assert.equal(units.length, 2);
    for (const unit of units) {
      // A non-leader cannot see whether a fileset is published: it points at the leader.
      const advice = `set fileset: juju config ${APP} fileset=/path`;
      assert.equal(
        unit.workload.message,
        unit.leader
          ? advice
          : `[in force: ask leader] ${advice}; see: juju run ${APP}/leader show-backup-config`,
      );
    }
    assert.equal(units.filter((u) => u.leader).length, 1);
  });

  await t.step("with fileset and scripts set, waits for the backup relation", async () => {
    await juju.config(APP, {
      fileset: "/var/backups,/etc/hostname",
      "run-before-backup": DUMP,
      "run-after-restore": LOAD,
    });
    const status = await juju.waitSettled({ apps: { [APP]: app(2, "waiting") } });
    for (const unit of unitsOf(status, APP)) {
      assert.equal(
        unit.workload.message,
        `waiting for backup relation: juju integrate ${APP}:backup bacula-fd`,
      );
    }
  });

  await t.step(
    "integrated with bacula-fd, publishes the fileset and script paths",
    async () => {
      await juju.integrate(`${APP}:backup`, `${FD}:backup`);
      // bacula-fd too: show-unit shows the relation once its hook has run.
      await juju.waitSettled({ apps: { [APP]: app(2, "active"), [FD]: idleApp(2) } });
      assert.deepEqual(await publishedData(juju, `${FD}/0`), {
        fileset: "/var/backups,/etc/hostname",
        "run-before-backup": `${SCRIPTS}/run-before-backup`,
        "run-after-restore": `${SCRIPTS}/run-after-restore`,
      });
    },
  );

  await t.step("writes the scripts on both machines, root-only", async () => {
    await expectScriptsOnEveryMachine({ "run-before-backup": DUMP, "run-after-restore": LOAD });
  });

  await t.step(
    "show-backup-config says both machines match, and the leader's published data too",
    async () => {
      for (const unit of unitsOf(await juju.status(), APP)) {
        const results = await juju.runAction(unit.name, "show-backup-config");
        const files = results["files"] as Record<string, Record<string, string>>;
        assert.equal(files["run-before-backup"]?.["state"], "matches", unit.name);
        assert.equal(files["run-after-restore"]?.["state"], "matches", unit.name);
        assert.equal(
          JSON.stringify(results).includes("echo dumped"),
          false,
          "no script content",
        );
        if (unit.leader) {
          assert.match(String(results["summary"]), /^matches: /, unit.name);
          const published = Object.values(results["published"] as Record<string, object>);
          assert.deepEqual(
            published.map((bag) => (bag as Record<string, string>)["matches-config"]),
            ["true"],
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
    await juju.waitSettled({ apps: { [APP]: app(2, "active") } });
    assert.deepEqual(await publishedData(juju, `${FD}/0`), {
      fileset: "/var/backups,/etc/hostname",
      "run-before-backup": `${SCRIPTS}/run-before-backup`,
      "run-after-backup": `${SCRIPTS}/run-after-backup`,
    });
    await expectScriptsOnEveryMachine({ "run-before-backup": dump2, "run-after-backup": LOAD });
  });

  await t.step("goes back to waiting when the backup relation is removed", async () => {
    await juju.removeRelation(`${APP}:backup`, `${FD}:backup`);
    const status = await juju.waitSettled({ apps: { [APP]: app(2, "waiting") } });
    for (const unit of unitsOf(status, APP)) {
      assert.equal(
        unit.workload.message,
        `waiting for backup relation: juju integrate ${APP}:backup bacula-fd`,
      );
    }
  });

  await t.step("removed, deletes its directory on both machines", async () => {
    await juju.removeApplication(APP);
    const status = await juju.waitSettled({
      apps: { [APP]: app(0), [PRINCIPAL]: principal },
    });
    for (const unit of unitsOf(status, PRINCIPAL)) {
      await expectNoFile(juju, unit.name, appDir(DEFAULT_OPT_DIR, APP));
    }
  });
});
