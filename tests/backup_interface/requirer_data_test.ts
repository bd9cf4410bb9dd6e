import assert from "node:assert/strict";
import {
  encodeBackupSpec,
  parseRequirerDatabag,
  validateBackupSpec,
} from "../../src/backup_interface/requirer_data.ts";

Deno.test("validateBackupSpec() accepts absolute paths and absolute script paths", () => {
  const spec = { fileset: ["/var/backups"], scripts: { "run-before-backup": "/opt/x/run" } };
  assert.deepEqual(validateBackupSpec(spec), { ok: true, spec });
});

Deno.test("validateBackupSpec() applies every provider rule", () => {
  const cases: [string[], Record<string, string>, string][] = [
    [[], {}, "fileset: fileset cannot be empty"],
    [["var/backups"], {}, "fileset.0: path in fileset must be absolute"],
    [["/a,b"], {}, "fileset.0: path cannot contain a comma"],
    [[" /a"], {}, "fileset.0: path cannot start or end with whitespace"],
    [["/a", ""], {}, "fileset.1: fileset has an empty path"],
    [
      ["/a"],
      { "run-after-restore": "relative" },
      "run-after-restore: script path must be absolute",
    ],
  ];
  for (const [fileset, scripts, problem] of cases) {
    const result = validateBackupSpec({ fileset, scripts });
    assert.equal(result.ok, false, JSON.stringify({ fileset, scripts }));
    if (!result.ok) assert.ok(result.problems.includes(problem), JSON.stringify(result.problems));
  }
});

Deno.test("encodeBackupSpec() joins the fileset with commas and adds only configured scripts", () => {
  assert.deepEqual(
    encodeBackupSpec({
      fileset: ["/a", "/b"],
      scripts: { "run-after-backup": "/s/run-after-backup" },
    }),
    { fileset: "/a,/b", "run-after-backup": "/s/run-after-backup" },
  );
});

Deno.test("parseRequirerDatabag() reads a databag the way the provider does", () => {
  assert.deepEqual(
    parseRequirerDatabag({
      fileset: " /a, ,/b",
      "run-before-backup": "/x",
      "run-after-backup": "",
      other: "y",
    }),
    { ok: true, spec: { fileset: ["/a", "/b"], scripts: { "run-before-backup": "/x" } } },
  );
});

Deno.test("parseRequirerDatabag() rejects an empty or missing fileset", () => {
  assert.equal(parseRequirerDatabag({}).ok, false);
  assert.equal(parseRequirerDatabag({ fileset: " , " }).ok, false);
});

Deno.test("parseRequirerDatabag() reads back what encodeBackupSpec() wrote", () => {
  const spec = {
    fileset: ["/var/backups", "/etc/my app"],
    scripts: { "run-before-restore": "/opt/s/run-before-restore" },
  };
  assert.deepEqual(parseRequirerDatabag(encodeBackupSpec(spec)), { ok: true, spec });
});
