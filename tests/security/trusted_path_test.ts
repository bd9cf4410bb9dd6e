/**
 * The trusted path, through the real `dispatch` under the production
 * permission flags, as root: planted symbolic links, a directory owned by
 * `nobody`, world-writable directories, too-open and stricter modes, and
 * directories named like the charm's temporary files.
 *
 * @module
 */

import assert from "node:assert/strict";
import { APP, LEADER, listTree, SCRIPT } from "../faults/fault_helpers.ts";
import type { FakeJuju } from "../fake_juju/fake_juju.ts";
import { modeOf, scriptsOf, withCharm } from "./security_helpers.ts";

const NOBODY = 65534;

/** `chown` to another user needs root; CI runs as root. */
const NOT_ROOT = Deno.uid() !== 0;
if (NOT_ROOT) console.log("trusted_path_test.ts: the chown cases are skipped: they need root");

async function refused(juju: FakeJuju, path: string, problem: RegExp): Promise<void> {
  const failed = await juju.runHook(LEADER, "config-changed");
  assert.equal(failed.exitCode, 1, failed.stderr);
  assert.ok(failed.stderr.includes(`Cannot use "${path}": it `), failed.stderr);
  assert.match(failed.stderr, problem);
  const model = await juju.model();
  assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {});
  assert.equal(model.units[LEADER]?.status.status, "error");
  const logged = model.units[LEADER]?.logs.at(-1);
  assert.equal(logged?.level, "ERROR");
  assert.ok(logged?.message.includes(path), logged?.message);
}

Deno.test("dispatch makes scripts and the application's directories 0700, the base 0755", async () => {
  await withCharm({}, async (juju) => {
    await Deno.remove(juju.optDir);
    const result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(juju.optDir), 0o755);
    assert.equal(await modeOf(`${juju.optDir}/${APP}`), 0o700);
    assert.equal(await modeOf(scriptsOf(juju.optDir)), 0o700);
    assert.equal(await modeOf(`${juju.optDir}/${APP}/units`), 0o700);
    assert.equal(await modeOf(`${scriptsOf(juju.optDir)}/run-before-backup`), 0o700);
  });
});

Deno.test("dispatch refuses a symlinked application or scripts directory and writes nothing through it", async () => {
  for (const where of [APP, `${APP}/scripts`]) {
    await withCharm({}, async (juju, dir) => {
      await Deno.mkdir(`${dir}/elsewhere`);
      await Deno.mkdir(`${juju.optDir}/${APP}`, { recursive: true, mode: 0o700 });
      if (where === APP) await Deno.remove(`${juju.optDir}/${APP}`);
      await Deno.symlink(`${dir}/elsewhere`, `${juju.optDir}/${where}`);
      await refused(juju, `${juju.optDir}/${where}`, /it is a symbolic link; .*remove the link/);
      assert.deepEqual(await listTree(`${dir}/elsewhere`), [], where);

      await Deno.remove(`${juju.optDir}/${where}`);
      const retried = await juju.runHook(LEADER, "config-changed");
      assert.equal(retried.exitCode, 0, retried.stderr);
      assert.equal(await Deno.readTextFile(`${scriptsOf(juju.optDir)}/run-before-backup`), SCRIPT);
    });
  }
});

Deno.test({
  name: "dispatch refuses a directory owned by nobody, naming the owner, and writes nothing in it",
  ignore: NOT_ROOT,
}, async () => {
  await withCharm({}, async (juju) => {
    const scripts = scriptsOf(juju.optDir);
    await Deno.mkdir(scripts, { recursive: true, mode: 0o700 });
    await Deno.chown(scripts, NOBODY, NOBODY);
    await refused(juju, scripts, /it is owned by uid 65534, not by the charm's user \(uid 0\)/);
    assert.deepEqual(await listTree(scripts), []);
  });
});

Deno.test("dispatch tightens world-writable directories of its own, logs it, and never loosens a stricter one", async () => {
  await withCharm({}, async (juju) => {
    const scripts = scriptsOf(juju.optDir);
    await Deno.mkdir(scripts, { recursive: true });
    await Deno.chmod(juju.optDir, 0o777);
    await Deno.chmod(`${juju.optDir}/${APP}`, 0o1777);
    await Deno.chmod(scripts, 0o700);
    const result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(juju.optDir), 0o755);
    assert.equal(await modeOf(`${juju.optDir}/${APP}`), 0o700);
    assert.equal(await modeOf(scripts), 0o700);
    const warnings = (await juju.model()).units[LEADER]?.logs
      .filter((line) => line.level === "WARNING").map((line) => line.message);
    assert.deepEqual(warnings, [
      `tightened the mode of ${juju.optDir} from 0777 to 0755`,
      `tightened the mode of ${juju.optDir}/${APP} from 1777 to 0700`,
    ]);

    // Stricter modes that still let the charm's user (root or not) do its
    // work: others may not list the base directory, and nobody may create
    // anything directly in the application's (its scripts/ and units/ exist).
    await Deno.chmod(juju.optDir, 0o711);
    await Deno.chmod(`${juju.optDir}/${APP}`, 0o500);
    await juju.setConfig({ "run-before-backup": `${SCRIPT}# changed\n` });
    const again = await juju.runHook(LEADER, "config-changed");
    assert.equal(again.exitCode, 0, again.stderr);
    assert.equal(await modeOf(juju.optDir), 0o711);
    assert.equal(await modeOf(`${juju.optDir}/${APP}`), 0o500);
    assert.equal(await Deno.readTextFile(`${scripts}/run-before-backup`), `${SCRIPT}# changed\n`);
  });
});

Deno.test({
  name: "dispatch replaces a script that links to an identical file, and never touches the target",
  ignore: NOT_ROOT,
}, async () => {
  await withCharm({}, async (juju, dir) => {
    const scripts = scriptsOf(juju.optDir);
    await Deno.mkdir(scripts, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(`${dir}/planted`, SCRIPT);
    await Deno.chown(`${dir}/planted`, NOBODY, NOBODY);
    await Deno.symlink(`${dir}/planted`, `${scripts}/run-before-backup`);
    const before = await Deno.lstat(`${dir}/planted`);
    const result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    const info = await Deno.lstat(`${scripts}/run-before-backup`);
    assert.ok(info.isFile && !info.isSymlink);
    assert.equal(info.uid, 0);
    assert.equal(await Deno.readTextFile(`${scripts}/run-before-backup`), SCRIPT);
    const after = await Deno.lstat(`${dir}/planted`);
    assert.deepEqual([after.mtime, after.uid, after.mode], [before.mtime, before.uid, before.mode]);
    const logs = (await juju.model()).units[LEADER]?.logs.map((line) => line.message);
    assert.ok(logs?.includes(`replaced ${scripts}/run-before-backup: it is a symbolic link`));
  });
});

Deno.test("dispatch replaces a script of the right content that others may read, and keeps a stricter mode", async () => {
  await withCharm({}, async (juju) => {
    const scripts = scriptsOf(juju.optDir);
    await Deno.mkdir(scripts, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(`${scripts}/run-before-backup`, SCRIPT);
    await Deno.chmod(`${scripts}/run-before-backup`, 0o755);
    let result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(`${scripts}/run-before-backup`), 0o700);

    // An operator's chmod 500 is kept, also when the content changes.
    await Deno.chmod(`${scripts}/run-before-backup`, 0o500);
    result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(!result.calls.some((call) => call.tool === "juju-log"), "steady: nothing to do");
    await juju.setConfig({ "run-before-backup": `${SCRIPT}echo more\n` });
    result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(`${scripts}/run-before-backup`), 0o500);
    assert.equal(await Deno.readTextFile(`${scripts}/run-before-backup`), `${SCRIPT}echo more\n`);
  });
});

Deno.test("dispatch is not wedged by directories named like its temporary files", async () => {
  await withCharm({}, async (juju) => {
    const scripts = scriptsOf(juju.optDir);
    const planted = `${scripts}/.run-before-backup.tmp-0123456789ab`;
    await Deno.mkdir(`${planted}/sub`, { recursive: true });
    await Deno.chmod(`${juju.optDir}/${APP}`, 0o700);
    await Deno.chmod(scripts, 0o700);
    for (let run = 0; run < 2; run++) {
      const result = await juju.runHook(LEADER, "config-changed");
      assert.equal(result.exitCode, 0, result.stderr);
    }
    assert.equal((await juju.model()).units[LEADER]?.status.status, "active");
    assert.ok((await Deno.lstat(planted)).isDirectory, "someone else's directory is left alone");
  });
});
