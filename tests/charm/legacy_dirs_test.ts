// The Python charm's per-unit directories: which are made private, which are
// left alone, decided on plain values.
import assert from "node:assert/strict";
import { isLegacyName, type LegacyDir, planLegacyDirs } from "../../src/charm/legacy_dirs.ts";
import { pythonDir } from "./memory_legacy_store.ts";

const BASE = "/opt/backup-integrator-charm";
const plan = (...dirs: LegacyDir[]) => planLegacyDirs({ base: BASE, uid: 0, dirs });

Deno.test("isLegacyName() takes <app>-<unit number> only", () => {
  const app = "backup-integrator";
  for (const name of ["backup-integrator-0", "backup-integrator-7", "backup-integrator-123"]) {
    assert.ok(isLegacyName(name, app), name);
  }
  for (
    const name of [
      "backup-integrator",
      "backup-integrator-",
      "backup-integrator-01",
      "backup-integrator-1a",
      "backup-integrator-x-1",
      "backup-0",
      "db-backup-integrator-0",
      "backup-integrator-0/scripts",
    ]
  ) {
    assert.ok(!isLegacyName(name, app), name);
  }
  assert.ok(isLegacyName("db-0", "db") && !isLegacyName("db-0", "backup-integrator"));
});

Deno.test("planLegacyDirs() makes a Python per-unit directory private, and says why", () => {
  assert.deepEqual(plan(pythonDir("backup-integrator-0")), {
    tighten: [{
      name: "backup-integrator-0",
      path: `${BASE}/backup-integrator-0`,
      mode: 0o700,
      done: `tightened the mode of ${BASE}/backup-integrator-0 from 0755 to 0700: ` +
        "the Python charm's scripts in it may hold secrets",
    }],
    logs: [],
  });
});

Deno.test("planLegacyDirs() only takes bits away: 0751 becomes 0700, 0500 and 0700 stay", () => {
  assert.deepEqual(plan(pythonDir("backup-integrator-0", 0o751)).tighten.map((dir) => dir.mode), [
    0o700,
  ]);
  assert.deepEqual(plan(pythonDir("backup-integrator-1", 0o700)), { tighten: [], logs: [] });
  assert.deepEqual(plan(pythonDir("backup-integrator-2", 0o500)), { tighten: [], logs: [] });
});

Deno.test("planLegacyDirs() never touches a directory holding units/, another application's", () => {
  // Named like unit backup-integrator/2's Python directory, but it is the
  // directory of an application of this charm (its units/ marker says so).
  const other = { ...pythonDir("backup-integrator-2"), marked: true };
  assert.deepEqual(plan(other), { tighten: [], logs: [] });
});

Deno.test("planLegacyDirs() leaves a link, a file and a foreign directory alone, with a warning", () => {
  const dir = pythonDir("backup-integrator-0");
  const result = plan(
    { ...dir, info: { ...dir.info, isDirectory: false, isSymlink: true } },
    {
      ...dir,
      name: "backup-integrator-1",
      info: { ...dir.info, isDirectory: false, isFile: true },
    },
    { ...dir, name: "backup-integrator-2", info: { ...dir.info, uid: 1000 } },
  );
  assert.deepEqual(result.tighten, []);
  const warning = (name: string, problem: string) => ({
    level: "WARNING",
    message: `left ${BASE}/${name} alone, though it is named like a directory of the Python ` +
      `charm: it ${problem}`,
  });
  assert.deepEqual(result.logs, [
    warning("backup-integrator-0", "is a symbolic link"),
    warning("backup-integrator-1", "is not a directory"),
    warning("backup-integrator-2", "is owned by uid 1000, not by the charm's user (uid 0)"),
  ]);
});
