// The reconcile's rules, on plain values: no fake model, no process, no file.
import assert from "node:assert/strict";
import { parseCharmConfig } from "../../src/charm/config.ts";
import {
  countedRelations,
  decide,
  type Decision,
  type ReconcileInputs,
  relationsToRead,
  releaseLogLine,
} from "../../src/charm/decide.ts";
import type { ScriptFile } from "../../src/charm/script_store.ts";

const UNIT = "backup-integrator/0";
const DIR = "/opt/backup-integrator-charm/backup-integrator/scripts";
const SCRIPT = "#!/bin/sh\npg_dump db > /var/backups/db.sql\n";
const bytes = (text: string) => new TextEncoder().encode(text);
const file = (text: string, mode = 0o700): ScriptFile => ({ content: bytes(text), mode });

/** Inputs of a steady leader with one relation and valid config; override what a test varies. */
function inputs(overrides: Partial<ReconcileInputs> & { raw?: Record<string, unknown> } = {}) {
  const { raw, ...rest } = overrides;
  return {
    kind: "reconcile",
    hook: "config-changed",
    unit: UNIT,
    config: parseCharmConfig(raw ?? { fileset: "/srv" }),
    relationIds: ["backup:1"],
    leader: true,
    scripts: { files: {}, leftovers: [], tightened: [] },
    scriptsDir: DIR,
    databags: new Map([["backup:1", { fileset: "/srv" }]]),
    ...rest,
  } as const satisfies ReconcileInputs;
}

const kinds = (decision: Decision) =>
  decision.files.map((change) =>
    change.kind === "claim" || change.kind === "release"
      ? `${change.kind} ${change.unit}`
      : `${change.kind} ${change.name}`
  );

Deno.test("decide() sets blocked with what to do, and changes nothing else, when fileset is missing", () => {
  const decision = decide(inputs({ raw: {}, databags: new Map([["backup:1", {}]]) }));
  assert.deepEqual(decision, {
    files: [],
    patches: [],
    logs: [],
    status: {
      name: "blocked",
      message: "set fileset: juju config backup-integrator fileset=/path",
    },
  });
});

Deno.test("decide() fails the hook when invalid config meets unreadable files: a script to remove may be there", () => {
  const error = new Error("permission denied");
  const decision = decide(inputs({ raw: { fileset: "/ok, var/backups" }, scripts: { error } }));
  assert.equal(decision.failure, error);
  assert.equal(decision.status, undefined);
  assert.deepEqual([decision.files, decision.patches, decision.logs], [[], [], []]);
});

Deno.test("decide() fails the hook, changing nothing, when valid config meets unreadable files", () => {
  const error = new Error("permission denied");
  const decision = decide(inputs({ scripts: { error } }));
  assert.equal(decision.failure, error);
  assert.equal(decision.status, undefined);
  assert.deepEqual([decision.files, decision.patches, decision.logs], [[], [], []]);
});

Deno.test("decide() in steady state only renews the unit's claim and sets active", () => {
  const decision = decide(inputs({
    raw: { fileset: "/srv", "run-after-backup": SCRIPT },
    scripts: { files: { "run-after-backup": file(SCRIPT) }, leftovers: [], tightened: [] },
    databags: new Map([["backup:1", {
      fileset: "/srv",
      "run-after-backup": `${DIR}/run-after-backup`,
    }]]),
  }));
  assert.deepEqual(decision, {
    files: [{ kind: "claim", unit: UNIT }],
    patches: [],
    logs: [],
    status: { name: "active", message: "" },
  });
});

Deno.test("decide() sets waiting without a relation and still writes the scripts", () => {
  const decision = decide(inputs({
    raw: { fileset: "/srv", "run-before-backup": SCRIPT },
    relationIds: [],
    databags: new Map(),
  }));
  assert.deepEqual(decision.status, {
    name: "waiting",
    message: "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
  });
  assert.deepEqual(kinds(decision), [`claim ${UNIT}`, "write run-before-backup"]);
  assert.deepEqual(decision.patches, []);
});

Deno.test("decide() writes changed scripts with mode 0700, exact bytes, and logs each path", () => {
  const content = "#!/usr/bin/env python3\nprint('ü')\r\n\u0000tail";
  const decision = decide(inputs({
    raw: { fileset: "/srv", "run-before-backup": content, "run-after-backup": SCRIPT },
    scripts: { files: { "run-after-backup": file("old") }, leftovers: [], tightened: [] },
  }));
  const writes = decision.files.filter((change) => change.kind === "write");
  assert.deepEqual(writes, [
    { kind: "write", name: "run-before-backup", content: bytes(content), mode: 0o700 },
    { kind: "write", name: "run-after-backup", content: bytes(SCRIPT), mode: 0o700 },
  ]);
  assert.deepEqual(decision.logs.slice(0, 2), [
    { level: "INFO", message: `wrote ${DIR}/run-before-backup` },
    { level: "INFO", message: `wrote ${DIR}/run-after-backup` },
  ]);
});

Deno.test("decide() keeps a stricter mode an operator gave a script", () => {
  const decision = decide(inputs({
    raw: { fileset: "/srv", "run-after-backup": SCRIPT },
    scripts: { files: { "run-after-backup": file("old", 0o500) }, leftovers: [], tightened: [] },
  }));
  const write = decision.files.find((change) => change.kind === "write");
  assert.equal(write?.kind === "write" && write.mode, 0o500);
});

Deno.test("decide() warns about a script without #! and still writes it", () => {
  const decision = decide(inputs({ raw: { fileset: "/srv", "run-after-backup": "echo hi" } }));
  assert.deepEqual(kinds(decision), [`claim ${UNIT}`, "write run-after-backup"]);
  assert.deepEqual(decision.logs[0], {
    level: "WARNING",
    message:
      `wrote ${DIR}/run-after-backup without a "#!" line: the backup agent may not be able to run it`,
  });
});

Deno.test("decide() replaces an untrusted script file and says why", () => {
  const decision = decide(inputs({
    raw: { fileset: "/srv", "run-after-backup": SCRIPT },
    scripts: {
      files: {
        "run-after-backup": {
          content: new Uint8Array(),
          mode: 0o777,
          untrusted: "is a symbolic link",
        },
      },
      leftovers: [],
      tightened: [],
    },
  }));
  assert.deepEqual(kinds(decision), [`claim ${UNIT}`, "write run-after-backup"]);
  assert.deepEqual(decision.logs.slice(0, 2), [
    { level: "WARNING", message: `replaced ${DIR}/run-after-backup: it is a symbolic link` },
    { level: "INFO", message: `wrote ${DIR}/run-after-backup` },
  ]);
});

Deno.test("decide() removes the file of an unset script option and logs its path", () => {
  const decision = decide(inputs({
    scripts: { files: { "run-before-restore": file(SCRIPT) }, leftovers: [], tightened: [] },
  }));
  assert.deepEqual(kinds(decision), [`claim ${UNIT}`, "remove run-before-restore"]);
  assert.deepEqual(decision.logs, [
    { level: "INFO", message: `removed ${DIR}/run-before-restore` },
  ]);
});

Deno.test("decide() removes leftovers of interrupted writes first and logs repaired modes", () => {
  const decision = decide(inputs({
    raw: { fileset: "/srv", "run-after-backup": SCRIPT },
    scripts: {
      files: {},
      leftovers: [".run-after-backup.tmp-0a1b2c"],
      tightened: ["tightened the mode of /x from 0777 to 0700"],
    },
  }));
  assert.deepEqual(kinds(decision), [
    `claim ${UNIT}`,
    "remove .run-after-backup.tmp-0a1b2c",
    "write run-after-backup",
  ]);
  assert.deepEqual(decision.logs.slice(0, 2), [
    { level: "WARNING", message: "tightened the mode of /x from 0777 to 0700" },
    {
      level: "INFO",
      message: `removed leftover temporary file ${DIR}/.run-after-backup.tmp-0a1b2c`,
    },
  ]);
});

Deno.test("decide() on the leader patches every relation whose data differs, deleting unknown keys", () => {
  const decision = decide(inputs({
    raw: { fileset: " /srv/a,/srv/b , /srv/a", "run-before-backup": SCRIPT },
    relationIds: ["backup:1", "backup:2", "backup:3"],
    databags: new Map([
      ["backup:1", { fileset: "/old", "legacy-key": "x" }],
      ["backup:2", { fileset: "/srv/a,/srv/b", "run-before-backup": `${DIR}/run-before-backup` }],
      ["backup:3", {}],
    ]),
  }));
  const wanted = { fileset: "/srv/a,/srv/b", "run-before-backup": `${DIR}/run-before-backup` };
  assert.deepEqual(decision.patches, [
    { relationId: "backup:1", data: { ...wanted, "legacy-key": "" } },
    { relationId: "backup:3", data: wanted },
  ]);
  assert.deepEqual(decision.logs.slice(-2), [
    {
      level: "INFO",
      message: "updated application data of backup:1: fileset, run-before-backup, legacy-key",
    },
    { level: "INFO", message: "updated application data of backup:3: fileset, run-before-backup" },
  ]);
  assert.deepEqual(decision.status, { name: "active", message: "" });
});

Deno.test("decide() on a non-leader never patches relation data, and still sets active", () => {
  const decision = decide(inputs({ leader: false, databags: new Map() }));
  assert.deepEqual(decision.patches, []);
  assert.deepEqual(decision.status, { name: "active", message: "" });
});

Deno.test("decide() does not count the relation being broken, even when relation-ids lists it", () => {
  // Juju before 3.4 still lists the broken relation in its -relation-broken hook.
  const decision = decide(inputs({
    hook: "backup-relation-broken",
    relationId: "backup:1",
    relationIds: ["backup:1"],
    databags: new Map(),
  }));
  assert.deepEqual(decision.patches, []);
  assert.deepEqual(decision.status, {
    name: "waiting",
    message: "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
  });
});

Deno.test("decide() publishes to the other relation when one of two is broken", () => {
  const decision = decide(inputs({
    hook: "backup-relation-broken",
    relationId: "backup:1",
    relationIds: ["backup:1", "backup:2"],
    databags: new Map([["backup:2", {}]]),
  }));
  assert.deepEqual(decision.patches, [{ relationId: "backup:2", data: { fileset: "/srv" } }]);
  assert.deepEqual(decision.status, { name: "active", message: "" });
});

Deno.test("decide() in remove releases the unit's claim and sets no status", () => {
  assert.deepEqual(decide({ kind: "remove", unit: UNIT }), {
    files: [{ kind: "release", unit: UNIT }],
    patches: [],
    logs: [],
  });
});

Deno.test("releaseLogLine() says whether the files were removed or kept for another unit", () => {
  assert.deepEqual(releaseLogLine({ appDir: "/b/app", others: [] }), {
    level: "INFO",
    message: "removed /b/app",
  });
  assert.equal(
    releaseLogLine({ appDir: "/b/app", others: ["app/1", "app/2"] }).message,
    "kept /b/app: still used by app/1, app/2 on this machine",
  );
});

Deno.test("countedRelations() drops only the relation being broken, only in backup-relation-broken", () => {
  const ids = ["backup:1", "backup:2"];
  assert.deepEqual(
    countedRelations({ hook: "backup-relation-changed", relationId: "backup:1", relationIds: ids }),
    ids,
  );
  assert.deepEqual(
    countedRelations({ hook: "backup-relation-broken", relationId: "backup:2", relationIds: ids }),
    ["backup:1"],
  );
});

Deno.test("relationsToRead() names the counted relations on a leader, valid config or not", () => {
  const base = inputs({ relationIds: ["backup:1", "backup:2"] });
  assert.deepEqual(relationsToRead(base), ["backup:1", "backup:2"]);
  assert.deepEqual(relationsToRead({ ...base, leader: false }), []);
  const invalid = inputs({ raw: {}, relationIds: ["backup:1", "backup:2"] });
  assert.deepEqual(relationsToRead(invalid), ["backup:1", "backup:2"]);
});

Deno.test("decide() names the unit's application in the advice while waiting for a relation", () => {
  const decision = decide(inputs({ unit: "db-backup/3", relationIds: [], databags: new Map() }));
  assert.deepEqual(decision.status, {
    name: "waiting",
    message: "waiting for backup relation: juju integrate db-backup:backup bacula-fd",
  });
});
