import assert from "node:assert/strict";
import { decideStatus, desiredBackupSpec, planScripts } from "../../src/charm/plan.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("planScripts() writes a configured script that has no file", () => {
  const plan = planScripts({ "run-before-backup": "#!/bin/sh\n" }, {});
  assert.deepEqual(plan.removals, []);
  assert.equal(plan.writes.length, 1);
  assert.equal(plan.writes[0]?.name, "run-before-backup");
  assert.deepEqual(plan.writes[0]?.content, bytes("#!/bin/sh\n"));
  assert.equal(plan.writes[0]?.hasShebang, true);
});

Deno.test("planScripts() leaves a file with the same bytes and mode alone", () => {
  const plan = planScripts(
    { "run-after-backup": "#!/bin/sh\necho ü\n" },
    { "run-after-backup": { content: bytes("#!/bin/sh\necho ü\n"), mode: 0o755 } },
  );
  assert.deepEqual(plan, { writes: [], removals: [] });
});

Deno.test("planScripts() rewrites a file whose content differs or that cannot be trusted", () => {
  const changed = planScripts(
    { "run-after-backup": "#!/bin/sh\necho b\n" },
    { "run-after-backup": { content: bytes("#!/bin/sh\necho a\n"), mode: 0o755 } },
  );
  assert.equal(changed.writes.length, 1);
  const modeOnly = planScripts(
    { "run-after-backup": "x" },
    { "run-after-backup": { content: bytes(""), mode: 0o777, untrusted: "is a symbolic link" } },
  );
  assert.deepEqual(modeOnly.writes, [{
    name: "run-after-backup",
    content: bytes("x"),
    hasShebang: false,
    mode: 0o700,
    replaces: "is a symbolic link",
  }]);
  const stricter = planScripts(
    { "run-after-backup": "y" },
    { "run-after-backup": { content: bytes("x"), mode: 0o500 } },
  );
  assert.equal(stricter.writes[0]?.mode, 0o500, "a stricter mode is kept");
});

Deno.test("planScripts() removes the file of an unset option", () => {
  assert.deepEqual(
    planScripts({}, { "run-before-restore": { content: bytes("x"), mode: 0o755 } }),
    { writes: [], removals: ["run-before-restore"] },
  );
});

Deno.test("desiredBackupSpec() publishes the path of every configured script", () => {
  assert.deepEqual(
    desiredBackupSpec(
      { fileset: ["/a"], scripts: { "run-after-restore": "x", "run-before-backup": "y" } },
      "/opt/b/app/scripts",
    ),
    {
      fileset: ["/a"],
      scripts: {
        "run-before-backup": "/opt/b/app/scripts/run-before-backup",
        "run-after-restore": "/opt/b/app/scripts/run-after-restore",
      },
    },
  );
});

Deno.test("decideStatus() waits for a backup relation, then is active", () => {
  assert.deepEqual(decideStatus(0, "backup-integrator"), {
    name: "waiting",
    message: "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
  });
  assert.deepEqual(decideStatus(0, "db"), {
    name: "waiting",
    message: "waiting for backup relation: juju integrate db:backup bacula-fd",
  });
  assert.deepEqual(decideStatus(2, "db"), { name: "active", message: "" });
});
