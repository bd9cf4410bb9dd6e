// decide() on invalid config, on plain values: it fails closed (a script that
// is unset goes, whatever else is wrong) and keeps the rest of the last valid
// config, saying what is still in force.
import assert from "node:assert/strict";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { decide, type ReconcileInputs } from "../../src/charm/decide.ts";
import type { ScriptFile } from "../../src/charm/script_store.ts";

const DIR = "/opt/backup-integrator-charm/backup-integrator/scripts";
const OLD = "#!/bin/sh\nold\n";
const file = (text: string): ScriptFile => ({
  content: new TextEncoder().encode(text),
  mode: 0o700,
});
const published = {
  fileset: "/srv",
  "run-before-backup": `${DIR}/run-before-backup`,
  "run-after-backup": `${DIR}/run-after-backup`,
};

/** A leader with one relation, both scripts on disk and published; `raw` is the new config. */
function inputs(raw: Record<string, unknown>, overrides: Partial<ReconcileInputs> = {}) {
  return {
    kind: "reconcile",
    hook: "config-changed",
    unit: "backup-integrator/0",
    config: parseCharmConfig(raw),
    relationIds: ["backup:1"],
    leader: true,
    scripts: {
      files: { "run-before-backup": file(OLD), "run-after-backup": file(OLD) },
      leftovers: [],
      tightened: [],
    },
    scriptsDir: DIR,
    databags: new Map([["backup:1", published]]),
    ...overrides,
  } as const satisfies ReconcileInputs;
}

Deno.test("decide() removes a reset script and deletes its key when fileset is reset with it", () => {
  const decision = decide(inputs({ "run-after-backup": OLD }));
  assert.deepEqual(decision.files, [{ kind: "remove", name: "run-before-backup" }]);
  assert.deepEqual(decision.patches, [
    { relationId: "backup:1", data: { "run-before-backup": "" } },
  ]);
  assert.deepEqual(decision.logs, [
    { level: "INFO", message: `removed ${DIR}/run-before-backup` },
    { level: "INFO", message: "updated application data of backup:1: run-before-backup" },
  ]);
  assert.deepEqual(decision.status, {
    name: "blocked",
    message:
      "[in force: fileset +1 script] set fileset: juju config backup-integrator fileset=/path; " +
      "in force: fileset, run-after-backup",
  });
});

Deno.test("decide() removes an emptied script while fileset breaks a rule", () => {
  const decision = decide(
    inputs({ fileset: "srv", "run-before-backup": "", "run-after-backup": OLD }),
  );
  assert.deepEqual(decision.files, [{ kind: "remove", name: "run-before-backup" }]);
  assert.equal(decision.patches.length, 1);
  assert.equal(decision.status?.name, "blocked");
});

Deno.test("decide() keeps a changed script's old content and path while the config is invalid", () => {
  const decision = decide(inputs({
    fileset: "srv",
    "run-before-backup": "#!/bin/sh\nnew\n",
    "run-after-backup": OLD,
  }));
  assert.deepEqual([decision.files, decision.patches, decision.logs], [[], [], []]);
  assert.deepEqual(decision.status, {
    name: "blocked",
    message:
      '[in force: fileset +2 scripts] invalid config: fileset: "srv" is not an absolute path; ' +
      "in force: fileset, run-before-backup, run-after-backup",
  });
});

Deno.test("decide() neither writes nor publishes a newly set script while the config is invalid", () => {
  const decision = decide(inputs({ "run-before-restore": OLD }, {
    scripts: { files: {}, leftovers: [], tightened: [] },
    databags: new Map([["backup:1", {}]]),
  }));
  assert.deepEqual([decision.files, decision.patches, decision.logs], [[], [], []]);
  assert.deepEqual(decision.status, {
    name: "blocked",
    message: "set fileset: juju config backup-integrator fileset=/path",
  });
});

Deno.test("decide() on a non-leader removes the file only, and names what is on its machine", () => {
  const decision = decide(inputs({ "run-after-backup": OLD }, {
    leader: false,
    databags: new Map(),
  }));
  assert.deepEqual(decision.files, [{ kind: "remove", name: "run-before-backup" }]);
  assert.deepEqual(decision.patches, []);
  assert.equal(
    decision.status?.message,
    "[in force: 1 script; ask leader] set fileset: juju config backup-integrator fileset=/path; " +
      "in force: run-after-backup; see: juju run backup-integrator/leader show-backup-config",
  );
});

Deno.test("decide() deletes an unset script's key in every counted relation, not the broken one", () => {
  const decision = decide(inputs({}, {
    hook: "backup-relation-broken",
    relationId: "backup:1",
    relationIds: ["backup:1", "backup:2"],
    databags: new Map([["backup:2", { fileset: "/srv", "run-after-backup": "/old/path" }]]),
  }));
  assert.deepEqual(decision.patches, [
    { relationId: "backup:2", data: { "run-after-backup": "" } },
  ]);
  assert.deepEqual(decision.files.map((change) => change.kind === "remove" && change.name), [
    "run-before-backup",
    "run-after-backup",
  ]);
  assert.equal(
    decision.status?.message,
    "[in force: fileset] set fileset: juju config backup-integrator fileset=/path; " +
      "in force: fileset",
  );
});

Deno.test("decide() keeps a script whose option is not a string, and names it", () => {
  const decision = decide(inputs({ fileset: "/srv", "run-before-backup": 5 }));
  assert.deepEqual(decision.files, [{ kind: "remove", name: "run-after-backup" }]);
  assert.deepEqual(decision.patches, [
    { relationId: "backup:1", data: { "run-after-backup": "" } },
  ]);
  assert.equal(
    decision.status?.message,
    "[in force: fileset +1 script] invalid config: run-before-backup: 5 is not a string; " +
      "in force: fileset, run-before-backup",
  );
});

Deno.test("decide() reports the directories it tightened while the config is invalid", () => {
  const decision = decide(inputs({ "run-before-backup": OLD, "run-after-backup": OLD }, {
    scripts: {
      files: { "run-before-backup": file(OLD), "run-after-backup": file(OLD) },
      leftovers: [],
      tightened: [`tightened the mode of ${DIR} from 0755 to 0700`],
    },
  }));
  assert.deepEqual(decision.logs, [
    { level: "WARNING", message: `tightened the mode of ${DIR} from 0755 to 0700` },
  ]);
});

Deno.test("decide() makes the Python leftovers private only after removing an unset script", () => {
  const info = { isFile: false, isDirectory: true, isSymlink: false, uid: 0, nlink: 3 };
  const decision = decide(inputs({ "run-after-backup": OLD }, {
    legacy: {
      base: "/opt/backup-integrator-charm",
      uid: 0,
      dirs: [{ name: "backup-integrator-0", info: { ...info, mode: 0o40755 }, marked: false }],
    },
  }));
  assert.deepEqual(decision.files.map((change) => change.kind), ["remove", "tighten-legacy"]);
});

Deno.test("decide() makes the Python leftovers private only after writing the scripts", () => {
  const info = { isFile: false, isDirectory: true, isSymlink: false, uid: 0, nlink: 3 };
  const decision = decide(inputs({ fileset: "/srv", "run-after-backup": "#!/bin/sh\nnew\n" }, {
    legacy: {
      base: "/opt/backup-integrator-charm",
      uid: 0,
      dirs: [{ name: "backup-integrator-0", info: { ...info, mode: 0o40755 }, marked: false }],
    },
  }));
  assert.deepEqual(decision.files.map((change) => change.kind), [
    "claim",
    "write",
    "remove",
    "tighten-legacy",
  ]);
});
