import assert from "node:assert/strict";
import {
  createScriptStore,
  isTemporaryName,
  ScriptStoreError,
} from "../../src/charm/script_store.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

async function withBase(test: (base: string) => Promise<void>): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "script_store_test_" });
  try {
    await test(base);
  } finally {
    await Deno.chmod(base, 0o755).catch(() => {});
    await Deno.remove(base, { recursive: true });
  }
}

Deno.test("createScriptStore() write() creates the directory and a 0755 file with the exact bytes", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/opt/app/scripts`);
    const content = new Uint8Array([0x23, 0x21, 0x00, 0xff, 0x0a]);
    await store.write("run-before-backup", content);
    const info = await Deno.stat(`${base}/opt/app/scripts/run-before-backup`);
    assert.equal((info.mode ?? 0) & 0o7777, 0o755);
    assert.deepEqual(await Deno.readFile(`${base}/opt/app/scripts/run-before-backup`), content);
    assert.deepEqual(await store.load(["run-before-backup"]), {
      files: { "run-before-backup": { content, mode: 0o755 } },
      leftovers: [],
    });
    const dirInfo = await Deno.stat(`${base}/opt/app/scripts`);
    assert.equal((dirInfo.mode ?? 0) & 0o777, 0o755);
  });
});

Deno.test("createScriptStore() write() leaves no temporary file behind", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-after-backup", bytes("a"));
    await store.write("run-after-backup", bytes("b"));
    const names = [];
    for await (const entry of Deno.readDir(`${base}/app/scripts`)) names.push(entry.name);
    assert.deepEqual(names, ["run-after-backup"]);
  });
});

Deno.test("createScriptStore() load() finds nothing in a missing directory", async () => {
  await withBase(async (base) => {
    assert.deepEqual(await createScriptStore(`${base}/none/scripts`).load(["run-after-backup"]), {
      files: {},
      leftovers: [],
    });
  });
});

Deno.test("createScriptStore() load() reads only the named scripts, and a dangling symlink as none", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-after-backup", bytes("a"));
    await store.write("unrelated", bytes("b"));
    await Deno.symlink(`${base}/gone`, `${base}/app/scripts/run-before-backup`);
    const loaded = await store.load(["run-after-backup", "run-before-backup", "run-after-restore"]);
    assert.deepEqual(Object.keys(loaded.files), ["run-after-backup"]);
  });
});

Deno.test("createScriptStore() remove() deletes a file and ignores a missing one", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-after-restore", bytes("x"));
    await store.remove("run-after-restore");
    await store.remove("run-after-restore");
    assert.deepEqual((await store.load(["run-after-restore"])).files, {});
  });
});

Deno.test("createScriptStore() load() lists temporary files of interrupted writes, and remove() deletes them", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-before-backup", bytes("keep"));
    await Deno.writeTextFile(`${base}/app/scripts/.run-before-backup.tmp-abc123`, "part");
    const loaded = await store.load(["run-before-backup"]);
    assert.deepEqual(loaded.leftovers, [".run-before-backup.tmp-abc123"]);
    for (const name of loaded.leftovers) await store.remove(name);
    assert.deepEqual((await store.load(["run-before-backup"])).leftovers, []);
    assert.deepEqual((await store.load(["run-before-backup"])).files["run-before-backup"], {
      content: bytes("keep"),
      mode: 0o755,
    });
  });
});

Deno.test("createScriptStore() fails naming the path when a file stands where the directory should be", async () => {
  await withBase(async (base) => {
    await Deno.writeTextFile(`${base}/app`, "not a directory");
    const store = createScriptStore(`${base}/app/scripts`);
    await assert.rejects(() => store.write("run-before-backup", bytes("x")), (error: unknown) => {
      assert.ok(error instanceof ScriptStoreError);
      assert.ok(error.path.startsWith(`${base}/app`), error.path);
      assert.ok(error.message.includes(`"${base}/app`), error.message);
      return true;
    });
    await assert.rejects(() => store.load(["run-before-backup"]), ScriptStoreError);
  });
});

Deno.test({
  name: "createScriptStore() fails naming the path when the directory is not writable",
  // root ignores permission bits, so there the case cannot be made.
  ignore: Deno.uid() === 0,
  fn: async () => {
    await withBase(async (base) => {
      await Deno.mkdir(`${base}/app/scripts`, { recursive: true });
      await Deno.chmod(`${base}/app/scripts`, 0o555);
      const store = createScriptStore(`${base}/app/scripts`);
      await assert.rejects(() => store.write("run-after-backup", bytes("x")), /app\/scripts/);
      await Deno.chmod(`${base}/app/scripts`, 0o755);
    });
  },
});

Deno.test("createScriptStore() removeAll() deletes the application directory and an emptied base", async () => {
  await withBase(async (base) => {
    const mine = createScriptStore(`${base}/opt/mine/scripts`);
    const theirs = createScriptStore(`${base}/opt/theirs/scripts`);
    await mine.write("run-after-backup", bytes("x"));
    await theirs.write("run-after-backup", bytes("y"));
    await mine.removeAll();
    await assert.rejects(() => Deno.stat(`${base}/opt/mine`), Deno.errors.NotFound);
    assert.deepEqual(
      (await theirs.load(["run-after-backup"])).files["run-after-backup"]?.content,
      bytes("y"),
    );
    await theirs.removeAll();
    await assert.rejects(() => Deno.stat(`${base}/opt`), Deno.errors.NotFound);
    await theirs.removeAll();
  });
});

Deno.test("isTemporaryName() matches only temporary files", () => {
  assert.equal(isTemporaryName(".run-after-backup.tmp-0a1b"), true);
  assert.equal(isTemporaryName("run-after-backup"), false);
  assert.equal(isTemporaryName("run-after-backup.tmp-1"), false);
});
