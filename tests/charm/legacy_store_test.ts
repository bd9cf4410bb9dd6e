// createLegacyStore() on the real filesystem: it finds this application's
// Python per-unit directories, makes them private without following a link,
// and never touches another application's directory.
import assert from "node:assert/strict";
import { planLegacyDirs } from "../../src/charm/legacy_dirs.ts";
import { createLegacyStore } from "../../src/charm/legacy_store.ts";
import { UntrustedPathError } from "../../src/charm/script_store.ts";
import { withTempDir } from "../faults/fault_helpers.ts";

const APP = "backup-integrator";
const NOT_ROOT = Deno.uid() !== 0;
const modeOf = async (path: string) => ((await Deno.lstat(path)).mode ?? 0) & 0o7777;

/** Lay out what the Python charm left for unit `<APP>/<n>`: 0755 all the way down. */
async function pythonLeftover(base: string, n: number): Promise<string> {
  const dir = `${base}/${APP}-${n}`;
  await Deno.mkdir(`${dir}/scripts`, { recursive: true });
  await Deno.writeTextFile(`${dir}/scripts/run-before-backup`, "#!/bin/sh\nPGPASSWORD=x\n");
  for (const path of [dir, `${dir}/scripts`, `${dir}/scripts/run-before-backup`]) {
    await Deno.chmod(path, 0o755);
  }
  return dir;
}

/** Scan, plan and act, as one reconcile does. */
async function reconcileLeftovers(base: string): Promise<string[]> {
  const store = createLegacyStore(base, { app: APP });
  const plan = planLegacyDirs(await store.scan());
  const done: string[] = [];
  for (const change of plan.tighten) {
    await store.tighten(change.name, change.mode);
    done.push(`INFO ${change.done}`);
  }
  return [...done, ...plan.logs.map((line) => `${line.level} ${line.message}`)];
}

Deno.test("createLegacyStore() makes the Python charm's per-unit directories private, and only those", async () => {
  await withTempDir(async (base) => {
    await Deno.chmod(base, 0o755);
    const leftovers = [await pythonLeftover(base, 0), await pythonLeftover(base, 3)];
    // This charm's own application directory, and another application's.
    for (const app of [APP, "db"]) {
      await Deno.mkdir(`${base}/${app}/units`, { recursive: true });
      await Deno.chmod(`${base}/${app}`, 0o755);
    }
    await Deno.mkdir(`${base}/${APP}-01`, { mode: 0o755 });
    await Deno.chmod(`${base}/${APP}-01`, 0o755);
    const logs = await reconcileLeftovers(base);
    for (const dir of leftovers) {
      assert.equal(await modeOf(dir), 0o700, dir);
      // What is inside keeps its mode: the directory alone keeps others out.
      assert.equal(await modeOf(`${dir}/scripts/run-before-backup`), 0o755);
    }
    for (const other of [APP, "db", `${APP}-01`]) {
      assert.equal(await modeOf(`${base}/${other}`), 0o755, other);
    }
    assert.equal(logs.length, 2);
    assert.match(
      logs[0] ?? "",
      /^INFO tightened the mode of .*backup-integrator-0 from 0755 to 0700/,
    );
    // Steady: nothing left to do.
    assert.deepEqual(await reconcileLeftovers(base), []);
  });
});

Deno.test("createLegacyStore() never touches a directory holding units/, though named like a unit's", async () => {
  await withTempDir(async (base) => {
    await Deno.chmod(base, 0o755);
    // An application directory of this charm named like unit backup-integrator/2's.
    const other = `${base}/${APP}-2`;
    await Deno.mkdir(`${other}/units`, { recursive: true });
    await Deno.mkdir(`${other}/scripts`);
    await Deno.chmod(other, 0o755);
    const store = createLegacyStore(base, { app: APP });
    const scan = await store.scan();
    assert.deepEqual(scan.dirs.map((dir) => [dir.name, dir.marked]), [[`${APP}-2`, true]]);
    assert.deepEqual(await reconcileLeftovers(base), []);
    assert.equal(await modeOf(other), 0o755);
  });
});

Deno.test("createLegacyStore() does not follow a link named like a leftover, and warns", async () => {
  await withTempDir(async (base) => {
    await Deno.chmod(base, 0o755);
    const target = await Deno.makeTempDir();
    try {
      await Deno.chmod(target, 0o755);
      await Deno.symlink(target, `${base}/${APP}-0`);
      const logs = await reconcileLeftovers(base);
      assert.equal(await modeOf(target), 0o755);
      assert.deepEqual(logs, [
        `WARNING left ${base}/${APP}-0 alone, though it is named like a directory of the ` +
        "Python charm: it is a symbolic link",
      ]);
      await assert.rejects(
        () => createLegacyStore(base, { app: APP }).tighten(`${APP}-0`, 0o700),
        UntrustedPathError,
      );
      assert.equal(await modeOf(target), 0o755);
    } finally {
      await Deno.remove(target, { recursive: true });
    }
  });
});

Deno.test("createLegacyStore() finds nothing when the base directory is missing", async () => {
  await withTempDir(async (dir) => {
    assert.deepEqual(await createLegacyStore(`${dir}/missing`, { app: APP }).scan(), {
      base: `${dir}/missing`,
      uid: Deno.uid(),
      dirs: [],
    });
  });
});

Deno.test("createLegacyStore() changes nothing in a base directory others can write", async () => {
  await withTempDir(async (base) => {
    const dir = await pythonLeftover(base, 0);
    await Deno.chmod(base, 0o777);
    await assert.rejects(
      () => createLegacyStore(base, { app: APP }).tighten(`${APP}-0`, 0o700),
      UntrustedPathError,
    );
    assert.equal(await modeOf(dir), 0o755);
    await Deno.chmod(base, 0o755);
  });
});

Deno.test({
  name: "createLegacyStore() leaves a directory of another owner alone",
  ignore: NOT_ROOT,
  async fn() {
    await withTempDir(async (base) => {
      await Deno.chmod(base, 0o755);
      const dir = await pythonLeftover(base, 0);
      await Deno.chown(dir, 65534, 65534);
      const logs = await reconcileLeftovers(base);
      assert.equal(await modeOf(dir), 0o755);
      assert.match(logs[0] ?? "", /it is owned by uid 65534, not by the charm's user \(uid 0\)$/);
    });
  },
});
