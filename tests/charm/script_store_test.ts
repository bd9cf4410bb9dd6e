import assert from "node:assert/strict";
import {
  createScriptStore,
  isTemporaryName,
  SCRIPT_MODE,
  ScriptStoreError,
  UntrustedPathError,
} from "../../src/charm/script_store.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const modeOf = async (path: string) => ((await Deno.lstat(path)).mode ?? 0) & 0o7777;

async function withBase(test: (base: string) => Promise<void>): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "script_store_test_" });
  try {
    await test(base);
  } finally {
    await Deno.chmod(base, 0o755).catch(() => {});
    await Deno.remove(base, { recursive: true });
  }
}

Deno.test("createScriptStore() write() creates 0700 directories and a 0700 file with the exact bytes", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/opt/app/scripts`);
    const content = new Uint8Array([0x23, 0x21, 0x00, 0xff, 0x0a]);
    await store.write("run-before-backup", content, SCRIPT_MODE);
    assert.equal(await modeOf(`${base}/opt/app/scripts/run-before-backup`), 0o700);
    assert.deepEqual(await Deno.readFile(`${base}/opt/app/scripts/run-before-backup`), content);
    assert.deepEqual(await store.load(["run-before-backup"]), {
      files: { "run-before-backup": { content, mode: 0o700 } },
      leftovers: [],
      tightened: [],
    });
    assert.equal(await modeOf(`${base}/opt`), 0o755);
    assert.equal(await modeOf(`${base}/opt/app`), 0o700);
    assert.equal(await modeOf(`${base}/opt/app/scripts`), 0o700);
  });
});

Deno.test("createScriptStore() write() keeps the stricter mode it is given", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-after-backup", bytes("a"), 0o500);
    assert.equal(await modeOf(`${base}/app/scripts/run-after-backup`), 0o500);
  });
});

Deno.test("createScriptStore() write() leaves no temporary file behind", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-after-backup", bytes("a"), SCRIPT_MODE);
    await store.write("run-after-backup", bytes("b"), SCRIPT_MODE);
    const names = [];
    for await (const entry of Deno.readDir(`${base}/app/scripts`)) names.push(entry.name);
    assert.deepEqual(names, ["run-after-backup"]);
  });
});

Deno.test("createScriptStore() load() finds nothing in a missing directory, and creates nothing", async () => {
  await withBase(async (base) => {
    assert.deepEqual(await createScriptStore(`${base}/none/scripts`).load(["run-after-backup"]), {
      files: {},
      leftovers: [],
      tightened: [],
    });
    await assert.rejects(() => Deno.lstat(`${base}/none`), Deno.errors.NotFound);
  });
});

Deno.test("createScriptStore() load() reads only the named scripts, and marks a link or a 0755 file untrusted", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-after-backup", bytes("a"), SCRIPT_MODE);
    await store.write("unrelated", bytes("b"), SCRIPT_MODE);
    await Deno.writeTextFile(`${base}/target`, "secret");
    await Deno.symlink(`${base}/target`, `${base}/app/scripts/run-before-backup`);
    await Deno.writeTextFile(`${base}/app/scripts/run-after-restore`, "open");
    await Deno.chmod(`${base}/app/scripts/run-after-restore`, 0o755);
    const loaded = await store.load(["run-after-backup", "run-before-backup", "run-after-restore"]);
    assert.deepEqual(Object.keys(loaded.files).sort(), [
      "run-after-backup",
      "run-after-restore",
      "run-before-backup",
    ]);
    assert.equal(loaded.files["run-after-backup"]?.untrusted, undefined);
    assert.equal(loaded.files["run-before-backup"]?.untrusted, "is a symbolic link");
    assert.deepEqual(loaded.files["run-before-backup"]?.content, new Uint8Array());
    assert.equal(
      loaded.files["run-after-restore"]?.untrusted,
      "has mode 0755, which lets others use it",
    );
  });
});

Deno.test("createScriptStore() write() replaces a symlinked script and never touches its target", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await Deno.mkdir(`${base}/app/scripts`, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(`${base}/target`, "secret");
    await Deno.symlink(`${base}/target`, `${base}/app/scripts/run-before-backup`);
    await store.write("run-before-backup", bytes("new"), SCRIPT_MODE);
    assert.equal(await Deno.readTextFile(`${base}/target`), "secret");
    assert.ok((await Deno.lstat(`${base}/app/scripts/run-before-backup`)).isFile);
  });
});

Deno.test("createScriptStore() remove() deletes a file and ignores a missing one", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-after-restore", bytes("x"), SCRIPT_MODE);
    await store.remove("run-after-restore");
    await store.remove("run-after-restore");
    assert.deepEqual((await store.load(["run-after-restore"])).files, {});
  });
});

Deno.test("createScriptStore() load() lists temporary files of interrupted writes, not directories so named", async () => {
  await withBase(async (base) => {
    const store = createScriptStore(`${base}/app/scripts`);
    await store.write("run-before-backup", bytes("keep"), SCRIPT_MODE);
    await Deno.writeTextFile(`${base}/app/scripts/.run-before-backup.tmp-abc123`, "part");
    await Deno.mkdir(`${base}/app/scripts/.run-after-backup.tmp-0123456789ab/sub`, {
      recursive: true,
    });
    const loaded = await store.load(["run-before-backup"]);
    assert.deepEqual(loaded.leftovers, [".run-before-backup.tmp-abc123"]);
    for (const name of loaded.leftovers) await store.remove(name);
    assert.deepEqual((await store.load(["run-before-backup"])).leftovers, []);
    assert.deepEqual((await store.load(["run-before-backup"])).files["run-before-backup"], {
      content: bytes("keep"),
      mode: 0o700,
    });
  });
});

Deno.test("createScriptStore() refuses a file where a directory should be, naming the path", async () => {
  await withBase(async (base) => {
    await Deno.writeTextFile(`${base}/app`, "not a directory");
    const store = createScriptStore(`${base}/app/scripts`);
    await assert.rejects(
      () => store.write("run-before-backup", bytes("x"), SCRIPT_MODE),
      (error: unknown) => {
        assert.ok(error instanceof ScriptStoreError);
        assert.equal(error.path, `${base}/app`);
        assert.ok(error.message.includes(`"${base}/app"`), error.message);
        return true;
      },
    );
    await assert.rejects(() => store.load(["run-before-backup"]), ScriptStoreError);
  });
});

Deno.test("createScriptStore() refuses a symlinked directory and a foreign owner, and writes nothing", async () => {
  await withBase(async (base) => {
    await Deno.mkdir(`${base}/elsewhere`);
    await Deno.mkdir(`${base}/opt/app`, { recursive: true });
    await Deno.symlink(`${base}/elsewhere`, `${base}/opt/app/scripts`);
    const linked = createScriptStore(`${base}/opt/app/scripts`);
    await assert.rejects(() => linked.write("run-before-backup", bytes("x"), SCRIPT_MODE), (
      error: unknown,
    ) => {
      assert.ok(error instanceof UntrustedPathError);
      assert.equal(error.problem, "is a symbolic link");
      assert.match(error.message, /^Cannot use ".*\/opt\/app\/scripts": it is a symbolic link; /);
      return true;
    });
    assert.deepEqual([...Deno.readDirSync(`${base}/elsewhere`)], []);
    const foreign = createScriptStore(`${base}/opt/app/scripts`, { uid: 4242 });
    await assert.rejects(
      () => foreign.load(["run-before-backup"]),
      /is owned by uid \d+, n(ot|either)/,
    );
  });
});

Deno.test("createScriptStore() tightens a too-open directory of its own, and never loosens one", async () => {
  await withBase(async (base) => {
    await Deno.mkdir(`${base}/opt/app/scripts`, { recursive: true });
    await Deno.chmod(`${base}/opt`, 0o777);
    await Deno.chmod(`${base}/opt/app`, 0o755);
    await Deno.chmod(`${base}/opt/app/scripts`, 0o500);
    const loaded = await createScriptStore(`${base}/opt/app/scripts`).load([]);
    assert.equal(await modeOf(`${base}/opt`), 0o755);
    assert.equal(await modeOf(`${base}/opt/app`), 0o700);
    assert.equal(await modeOf(`${base}/opt/app/scripts`), 0o500);
    assert.deepEqual(loaded.tightened, [
      `tightened the mode of ${base}/opt from 0777 to 0755`,
      `tightened the mode of ${base}/opt/app from 0755 to 0700`,
    ]);
  });
});

Deno.test("createScriptStore() release() keeps the files while another local unit claims them", async () => {
  await withBase(async (base) => {
    const mine = createScriptStore(`${base}/opt/mine/scripts`);
    const theirs = createScriptStore(`${base}/opt/theirs/scripts`);
    await mine.write("run-after-backup", bytes("x"), SCRIPT_MODE);
    await theirs.write("run-after-backup", bytes("y"), SCRIPT_MODE);
    assert.equal(await mine.claim("mine/0"), true);
    assert.equal(await mine.claim("mine/0"), false);
    assert.equal(await mine.claim("mine/1"), true);
    assert.equal(await modeOf(`${base}/opt/mine/units`), 0o700);
    assert.deepEqual(await mine.release("mine/0"), {
      appDir: `${base}/opt/mine`,
      others: ["mine/1"],
    });
    assert.deepEqual(
      (await mine.load(["run-after-backup"])).files["run-after-backup"]?.content,
      bytes("x"),
    );
    assert.deepEqual(await mine.release("mine/1"), { appDir: `${base}/opt/mine`, others: [] });
    await assert.rejects(() => Deno.stat(`${base}/opt/mine`), Deno.errors.NotFound);
    assert.deepEqual(
      (await theirs.load(["run-after-backup"])).files["run-after-backup"]?.content,
      bytes("y"),
    );
    await theirs.release("theirs/0");
    await assert.rejects(() => Deno.stat(`${base}/opt`), Deno.errors.NotFound);
    await theirs.release("theirs/0");
  });
});

Deno.test("isTemporaryName() matches only temporary files", () => {
  assert.equal(isTemporaryName(".run-after-backup.tmp-0a1b"), true);
  assert.equal(isTemporaryName("run-after-backup"), false);
  assert.equal(isTemporaryName("run-after-backup.tmp-1"), false);
});
