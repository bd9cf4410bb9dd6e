// The full round trip of the backup charms, with this charm as the requirer:
// a PostgreSQL database on the principal's machine is dumped by the
// run-before-backup script, backed up by bacula-server to S3 storage (MinIO),
// dropped, restored, and loaded back by the run-after-restore script. Runs
// only with JUJU_MODEL_PREFIX and BACKUP_ROUND_TRIP=1: it deploys much more, in
// a model of its own. Baculum is reached over the network: the task that runs
// it (`deno task test:integration`) grants --allow-net.

import assert from "node:assert/strict";
import { Baculum } from "../baculum.ts";
import { unitsOf } from "../juju_json.ts";
import { deployBaculaFdBeside } from "../bacula_fd.ts";
import { scenario } from "../scenario.ts";
import { settledApp as app } from "../wait.ts";

const PRINCIPAL = "rt-principal";
const APP = "rt-backup";
const FD = "rt-bacula-fd";
const SERVER = "bacula-server";
const DATABASE = "bacula-database";
const S3 = "s3-integrator";
const MINIO = "minio";
const DUMP_DIR = "/var/backups/postgresql";
const DUMP = `${DUMP_DIR}/rt.dump`;

// An any-charm that runs MinIO as the S3 storage bacula-server writes to.
const MINIO_CHARM = `import os
import subprocess
import urllib.request

import ops
from any_charm_base import AnyCharmBase

SERVICE = """[Unit]
Description=MinIO for the backup round trip
After=network-online.target

[Service]
Environment=MINIO_ROOT_USER=minioadmin
Environment=MINIO_ROOT_PASSWORD=minioadmin
ExecStartPre=/usr/bin/mkdir -p /srv/bacula
ExecStart=/usr/local/bin/minio server /srv
Restart=on-failure

[Install]
WantedBy=multi-user.target
"""


class AnyCharm(AnyCharmBase):
    def __init__(self, *args):
        super().__init__(*args)
        self.framework.observe(self.on.install, self._install)

    def _install(self, _):
        self.unit.status = ops.MaintenanceStatus("installing minio")
        binary = "/usr/local/bin/minio"
        urllib.request.urlretrieve(
            "https://dl.min.io/server/minio/release/linux-amd64/minio", binary
        )
        os.chmod(binary, 0o755)
        with open("/etc/systemd/system/minio.service", "w") as unit_file:
            unit_file.write(SERVICE)
        subprocess.check_call(["systemctl", "daemon-reload"])
        subprocess.check_call(["systemctl", "enable", "--now", "minio"])
        self.unit.set_ports(9000)
        self.unit.status = ops.ActiveStatus()
`;

const psql = (sql: string) =>
  `sudo -u postgres psql -v ON_ERROR_STOP=1 -qAt -d rt <<'SQL'\n${sql}\nSQL`;

scenario({
  name: "round trip: a dump made before backup is backed up to S3 and loaded back after restore",
  file: "round_trip_test.ts",
  model: "round-trip",
  deadlineMs: 75 * 60_000,
  roundTrip: true,
}, async (juju, settings, t) => {
  const principal = `${PRINCIPAL}/0`;
  const one = app(1, "active");
  const settle = (apps: Record<string, ReturnType<typeof app>>) =>
    juju.waitSettled({ apps }, 30 * 60_000);
  let baculum: Baculum | undefined;

  await t.step("deploys the backup charms with PostgreSQL and S3 storage", async () => {
    await juju.deploy("any-charm", {
      app: MINIO,
      channel: "latest/edge",
      config: { "src-overwrite": JSON.stringify({ "any_charm.py": MINIO_CHARM }) },
    });
    await juju.deploy("ubuntu", { app: PRINCIPAL, base: settings.base });
    await juju.deploy(settings.charmPath, {
      app: APP,
      base: settings.base,
      config: { fileset: DUMP_DIR },
    });
    await deployBaculaFdBeside(juju, settings, { principal: PRINCIPAL, app: APP, fd: FD });
    await juju.deploy("bacula-server", { app: SERVER, channel: settings.baculaServerChannel });
    await juju.deploy("postgresql", { app: DATABASE, channel: "14/stable" });
    await juju.deploy("s3-integrator", { app: S3 });
    const deployed = await settle({ [MINIO]: one, [S3]: app(1, "blocked", "active") });
    const minio = unitsOf(deployed, MINIO)[0];
    assert.ok(minio !== undefined && minio.address !== "");
    await juju.config(S3, {
      endpoint: `http://${minio.address}:9000`,
      bucket: "bacula",
      "s3-uri-style": "path",
    });
    await juju.runAction(`${S3}/0`, "sync-s3-credentials", {
      "access-key": "minioadmin",
      "secret-key": "minioadmin",
    });
    await juju.integrate(`${APP}:backup`, `${FD}:backup`);
    await juju.integrate(SERVER, DATABASE);
    await juju.integrate(SERVER, S3);
    await juju.integrate(SERVER, FD);
    await settle({
      [PRINCIPAL]: one,
      [APP]: one,
      [FD]: one,
      [SERVER]: one,
      [DATABASE]: one,
      [S3]: one,
    });
  });

  await t.step("configures the dump and load scripts around a database", async () => {
    const setup = await juju.exec(
      principal,
      `set -e; apt-get install -y postgresql >/dev/null; mkdir -p ${DUMP_DIR}; ` +
        `chown postgres ${DUMP_DIR}; sudo -u postgres createdb rt; ` +
        psql(
          "CREATE TABLE release (version TEXT, name TEXT);\n" +
            "INSERT INTO release VALUES ('24.04', 'Noble Numbat'), ('22.04', 'Jammy Jellyfish');",
        ),
    );
    assert.equal(setup.code, 0, setup.stderr);
    await juju.config(APP, {
      "run-before-backup": `#!/bin/sh\nset -e\nsudo -u postgres pg_dump -d rt -c -f ${DUMP}\n`,
      "run-after-backup": `#!/bin/sh\nrm -f ${DUMP}\n`,
      "run-after-restore":
        `#!/bin/sh\nset -e\nsudo -u postgres psql -v ON_ERROR_STOP=1 -d rt -1 -f ${DUMP}\nrm -f ${DUMP}\n`,
    });
    const status = await settle({ [APP]: one, [FD]: one, [SERVER]: one });
    const server = unitsOf(status, SERVER)[0];
    assert.ok(server !== undefined);
    const user = await juju.runAction(server.name, "create-api-user", { username: "rt-admin" });
    assert.equal(typeof user["password"], "string");
    baculum = new Baculum(
      `http://${server.address}:${settings.baculumPort}/api/v2`,
      "rt-admin",
      String(user["password"]),
    );
  });

  await t.step("backs up, restores, and the scripts dump and load the database", async () => {
    assert.ok(baculum !== undefined);
    const names = await baculum.jobNames();
    const backupJob = names.find((n) => n.endsWith("-backup"));
    const restoreJob = names.find((n) => n.endsWith("-restore"));
    assert.ok(backupJob !== undefined && restoreJob !== undefined, names.join(", "));

    await baculum.runFullBackup(backupJob);
    const backup = await baculum.waitForRun(backupJob);
    // run-after-backup removed the dump that run-before-backup made.
    const dumpLeft = await juju.exec(principal, `test -e ${DUMP} && echo yes || echo no`);
    assert.equal(dumpLeft.stdout.trim(), "no");

    const dropped = await juju.exec(
      principal,
      psql("TRUNCATE release;\nSELECT count(*) FROM release;"),
    );
    assert.equal(dropped.stdout.trim(), "0", dropped.stderr);

    await baculum.restore(restoreJob, backup.jobid);
    await baculum.waitForRun(restoreJob);
    const restored = await juju.exec(
      principal,
      psql("SELECT name FROM release ORDER BY version;"),
    );
    assert.equal(restored.stdout.trim(), "Jammy Jellyfish\nNoble Numbat", restored.stderr);
  });
});
