/**
 * The base directory and the one that holds it: the charm refuses a parent
 * that others could write (they could swap the base between check and
 * write), and sets every directory's mode through a handle checked to be the
 * directory it means, so a link or another directory swapped in is refused,
 * never changed. Real temporary directories; as root and as any other user.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  DirectoryChangedError,
  makeDirectoryExactly,
  setModeThroughHandle,
} from "../../src/charm/directory_handle.ts";
import {
  createScriptStore,
  SCRIPT_MODE,
  ScriptStoreError,
  UntrustedPathError,
} from "../../src/charm/script_store.ts";

const modeOf = async (path: string) => ((await Deno.lstat(path)).mode ?? 0) & 0o7777;
const script = new TextEncoder().encode("#!/bin/sh\n");

async function withParent(mode: number, body: (parent: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "base_directory_test_" });
  const parent = `${dir}/parent`;
  try {
    await Deno.mkdir(parent);
    await Deno.chmod(parent, mode);
    await body(parent);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const mode of [0o777, 0o775, 0o757]) {
  Deno.test(`createScriptStore() refuses a base whose parent has mode ${mode.toString(8)}, naming the parent and the remedy`, async () => {
    await withParent(mode, async (parent) => {
      const store = createScriptStore(`${parent}/opt/app/scripts`);
      await assert.rejects(() => store.write("run-before-backup", script, SCRIPT_MODE), (error) => {
        assert.ok(error instanceof UntrustedPathError, String(error));
        assert.equal(error.path, parent);
        assert.equal(
          error.message,
          `Cannot use "${parent}": it has mode 0${mode.toString(8)}, so users other than its ` +
            "owner could replace the charm's base directory in it; take away group and other " +
            "write (chmod go-w), or make it sticky (chmod +t) as /tmp is",
        );
        return true;
      });
      await assert.rejects(() => store.load(["run-before-backup"]), UntrustedPathError);
      assert.deepEqual(await Array.fromAsync(Deno.readDir(parent)), [], "nothing is made");
    });
  });
}

Deno.test("createScriptStore() accepts a base in a sticky directory others may write, as /tmp", async () => {
  await withParent(0o1777, async (parent) => {
    const store = createScriptStore(`${parent}/opt/app/scripts`);
    await store.write("run-before-backup", script, SCRIPT_MODE);
    assert.equal(await modeOf(`${parent}/opt`), 0o755);
  });
});

Deno.test("createScriptStore() refuses a base whose parent belongs to a user neither root nor its own", async () => {
  await withParent(0o755, async (parent) => {
    const real = Deno.uid() ?? 0;
    // As root, give the parent away; as another user, claim to be someone else.
    if (real === 0) await Deno.chown(parent, 4242, 4242);
    const owner = real === 0 ? 4242 : real;
    const store = createScriptStore(`${parent}/opt/app/scripts`, {
      uid: real === 0 ? 0 : real + 1,
    });
    await assert.rejects(() => store.write("run-before-backup", script, SCRIPT_MODE), (error) => {
      assert.ok(error instanceof UntrustedPathError, String(error));
      assert.equal(error.path, parent);
      assert.match(error.message, new RegExp(`it is owned by uid ${owner}, neither root nor`));
      assert.match(error.message, /chown it to root/);
      return true;
    });
  });
});

Deno.test("setModeThroughHandle() refuses a directory swapped for a link, and leaves the link's target alone", async () => {
  await withParent(0o755, async (parent) => {
    const path = `${parent}/opt`;
    await Deno.mkdir(path);
    const info = await Deno.lstat(path);
    const identity = { dev: info.dev, ino: info.ino, uid: info.uid ?? 0 };
    // The swap an attacker would make between mkdir and the mode change.
    const target = `${parent}/target`;
    await Deno.mkdir(target);
    await Deno.chmod(target, 0o750);
    await Deno.remove(path);
    await Deno.symlink(target, path);
    await assert.rejects(
      () => setModeThroughHandle(path, { identity, mode: 0o755 }),
      (error) => error instanceof DirectoryChangedError && error.path === path,
    );
    assert.equal(await modeOf(target), 0o750);
  });
});

Deno.test("setModeThroughHandle() refuses another directory put in place of the one made", async () => {
  await withParent(0o755, async (parent) => {
    const path = `${parent}/opt`;
    await Deno.mkdir(path);
    const info = await Deno.lstat(path);
    const identity = { dev: info.dev, ino: info.ino, uid: info.uid ?? 0 };
    await Deno.rename(path, `${parent}/moved`);
    await Deno.mkdir(path);
    await Deno.chmod(path, 0o750);
    await assert.rejects(
      () => setModeThroughHandle(path, { identity, mode: 0o755 }),
      /was replaced by another directory/,
    );
    assert.equal(await modeOf(path), 0o750);
    // The directory it identifies, wherever it is, is the one that can be changed.
    await setModeThroughHandle(`${parent}/moved`, { identity, mode: 0o711 });
    assert.equal(await modeOf(`${parent}/moved`), 0o711);
  });
});

Deno.test("makeDirectoryExactly() never follows a link in the way, and sets the mode whatever the umask", async () => {
  await withParent(0o755, async (parent) => {
    const uid = Deno.uid() ?? 0;
    const target = `${parent}/target`;
    await Deno.mkdir(target);
    await Deno.chmod(target, 0o750);
    await Deno.symlink(target, `${parent}/link`);
    await assert.rejects(
      () => makeDirectoryExactly(`${parent}/link`, { mode: 0o700, uid }),
      Deno.errors.AlreadyExists,
    );
    assert.equal(await modeOf(target), 0o750);
    await makeDirectoryExactly(`${parent}/made`, { mode: 0o777, uid });
    assert.equal(await modeOf(`${parent}/made`), 0o777);
  });
});

const asRoot = Deno.uid() === 0;
if (!asRoot) {
  console.log(
    "base_directory_test.ts: the race with another user is skipped: only root can run a " +
      "swapper as another user",
  );
}

Deno.test({
  name:
    "createScriptStore() racing another user who plants links in a sticky parent never writes through them",
  ignore: !asRoot,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "base_directory_race_" });
    const parent = `${dir}/shared`;
    const target = `${dir}/target`;
    let swapper: Deno.ChildProcess | undefined;
    try {
      await Deno.mkdir(parent);
      await Deno.chmod(dir, 0o755);
      await Deno.chmod(parent, 0o1777); // as /tmp: anyone may create, nobody may rename ours
      await Deno.mkdir(target);
      await Deno.chmod(target, 0o750);
      // The other user plants a link where the base goes, and takes it away, over and over.
      swapper = new Deno.Command("setpriv", {
        args: [
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          "sh",
          "-c",
          `while :; do ln -s '${target}' '${parent}/opt' 2>/dev/null; rm -f '${parent}/opt'; done`,
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      let written = 0;
      let refused = 0;
      for (let attempt = 0; attempt < 1000; attempt++) {
        try {
          await createScriptStore(`${parent}/opt/app/scripts`).write(
            "run-before-backup",
            script,
            SCRIPT_MODE,
          );
          written += 1;
          assert.ok((await Deno.lstat(`${parent}/opt`)).isDirectory);
          await Deno.remove(`${parent}/opt`, { recursive: true });
        } catch (error) {
          // A link in the way is refused, or mkdir finds it there: never followed.
          assert.ok(error instanceof ScriptStoreError, String(error));
          refused += 1;
        }
      }
      assert.equal(written + refused, 1000);
      assert.deepEqual(
        await Array.fromAsync(Deno.readDir(target)),
        [],
        "nothing made in the target",
      );
      assert.equal(await modeOf(target), 0o750, "the target's mode is untouched");
    } finally {
      try {
        swapper?.kill("SIGKILL");
        await swapper?.status;
      } catch {
        // Already gone.
      }
      await Deno.remove(dir, { recursive: true });
    }
  },
});
