import assert from "node:assert/strict";
import { backupReport, type ReportInputs } from "../../src/action/backup_report.ts";

const DIR = "/opt/backup-integrator-charm/backup-integrator/scripts";
const DIGEST = "a".repeat(64);
const OTHER = "b".repeat(64);

function inputs(changes: Partial<ReportInputs> = {}): ReportInputs {
  return {
    unit: "backup-integrator/0",
    app: "backup-integrator",
    leader: true,
    config: {
      ok: true,
      config: { fileset: ["/srv", "/etc/app"], scripts: { "run-before-backup": "#!/bin/sh\n" } },
    },
    configDigests: { "run-before-backup": DIGEST },
    relationIds: ["backup:3"],
    databags: new Map([["backup:3", {
      fileset: "/srv,/etc/app",
      "run-before-backup": `${DIR}/run-before-backup`,
    }]]),
    scriptsDir: DIR,
    inspection: {
      files: { "run-before-backup": { state: "present", mode: 0o700, size: 10, sha256: DIGEST } },
    },
    ...changes,
  };
}

Deno.test("backupReport() on the leader in sync shows expected and published data, the file's mode, size and digests, and says it matches", () => {
  assert.deepEqual(backupReport(inputs()), {
    unit: "backup-integrator/0",
    leader: "true",
    config: "valid",
    "expected.fileset": "/srv,/etc/app",
    "expected.run-before-backup": `${DIR}/run-before-backup`,
    "published.backup-3.relation-id": "backup:3",
    "published.backup-3.fileset": "/srv,/etc/app",
    "published.backup-3.run-before-backup": `${DIR}/run-before-backup`,
    "published.backup-3.matches-config": "true",
    "files.run-before-backup.path": `${DIR}/run-before-backup`,
    "files.run-before-backup.state": "matches",
    "files.run-before-backup.mode": "0700",
    "files.run-before-backup.size": "10",
    "files.run-before-backup.sha256": DIGEST,
    "files.run-before-backup.expected-sha256": DIGEST,
    "files.run-after-backup.path": `${DIR}/run-after-backup`,
    "files.run-after-backup.state": "not-configured",
    "files.run-before-restore.path": `${DIR}/run-before-restore`,
    "files.run-before-restore.state": "not-configured",
    "files.run-after-restore.path": `${DIR}/run-after-restore`,
    "files.run-after-restore.state": "not-configured",
    summary: "matches: the script files on this machine and the data published in every " +
      "backup relation are what the config says",
  });
});

Deno.test("backupReport() on a non-leader says only the leader can read the published data, and still checks the files", () => {
  const results = backupReport(inputs({ leader: false, databags: new Map() }));
  assert.equal(
    results["published"],
    "only the leader can read what this application published (a non-leader gets permission " +
      "denied): run juju run backup-integrator/leader show-backup-config; expected.* is what it " +
      "publishes",
  );
  assert.equal(Object.keys(results).some((key) => key.startsWith("published.")), false);
  assert.equal(results["expected.fileset"], "/srv,/etc/app");
  assert.equal(results["files.run-before-backup.state"], "matches");
  assert.match(
    results["summary"] ?? "",
    /^matches: .*only the leader can read the published data$/,
  );
});

Deno.test("backupReport() names published data that differs from the config", () => {
  const results = backupReport(inputs({
    databags: new Map([["backup:3", { fileset: "/old" }]]),
  }));
  assert.equal(results["published.backup-3.fileset"], "/old");
  assert.equal(results["published.backup-3.matches-config"], "false");
  assert.match(results["summary"] ?? "", /the data published in backup:3 differs from the config/);
});

Deno.test("backupReport() tells each file state apart: differs, missing, untrusted, left-over", () => {
  const state = (file: ReportInputs["inspection"]["files"][string], configured = true) =>
    backupReport(inputs({
      ...(configured ? {} : {
        config: { ok: true, config: { fileset: ["/srv"], scripts: {} } },
        configDigests: {},
        databags: new Map([["backup:3", { fileset: "/srv" }]]),
      }),
      inspection: { files: { "run-before-backup": file } },
    }));
  const differs = state({ state: "present", mode: 0o700, size: 3, sha256: OTHER });
  assert.equal(differs["files.run-before-backup.state"], "differs");
  assert.equal(differs["files.run-before-backup.sha256"], OTHER);
  assert.match(differs["summary"] ?? "", /run-before-backup: differs/);
  assert.equal(state({ state: "absent" })["files.run-before-backup.state"], "missing");
  const untrusted = state({
    state: "present",
    mode: 0o755,
    size: 3,
    sha256: DIGEST,
    untrusted: "has mode 0755, which lets others use it",
  });
  assert.equal(untrusted["files.run-before-backup.state"], "untrusted");
  assert.equal(untrusted["files.run-before-backup.mode"], "0755");
  assert.match(untrusted["files.run-before-backup.note"] ?? "", /has mode 0755/);
  const leftOver = state({ state: "present", mode: 0o700, size: 3, sha256: DIGEST }, false);
  assert.equal(leftOver["files.run-before-backup.state"], "left-over");
  assert.equal(leftOver["files.run-before-backup.expected-sha256"], undefined);
});

Deno.test("backupReport() with invalid config shows the blocked message, no expected data, and compares nothing", () => {
  const results = backupReport(inputs({
    config: { ok: false, message: "missing fileset config", unsetScripts: [] },
    configDigests: {},
  }));
  assert.equal(results["config"], "missing fileset config");
  assert.equal(Object.keys(results).some((key) => key.startsWith("expected.")), false);
  assert.equal(results["published.backup-3.fileset"], "/srv,/etc/app");
  assert.equal(results["published.backup-3.matches-config"], undefined);
  assert.equal(results["files.run-before-backup.state"], "not-compared");
  assert.match(results["summary"] ?? "", /^the config is invalid \(missing fileset config\)/);
});

Deno.test("backupReport() on a leader without a backup relation says nothing is published", () => {
  const results = backupReport(inputs({ relationIds: [], databags: new Map() }));
  assert.equal(results["published"], "nothing: there is no backup relation");
  assert.match(results["summary"] ?? "", /there is no backup relation/);
});

Deno.test("backupReport() reports a directory a hook would refuse", () => {
  const results = backupReport(inputs({
    inspection: { files: {}, directoryProblem: "/opt/backup-integrator-charm is a symbolic link" },
  }));
  assert.equal(results["files.directory"], "/opt/backup-integrator-charm is a symbolic link");
  assert.match(results["summary"] ?? "", /is a symbolic link/);
});
