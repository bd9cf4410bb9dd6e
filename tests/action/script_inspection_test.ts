import assert from "node:assert/strict";
import { inspectScripts, sha256Hex } from "../../src/action/script_inspection.ts";

const NAMES = ["run-before-backup", "run-after-backup"];
const UID = Deno.uid() ?? 0;

async function withScriptsDir(body: (dir: string, base: string) => Promise<void>): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "inspect_" });
  const dir = `${base}/opt/app/scripts`;
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    await Deno.chmod(`${base}/opt/app`, 0o700);
    await Deno.chmod(dir, 0o700);
    await body(dir, base);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

Deno.test("inspectScripts() gives each file's mode, size and SHA-256, and absent for a missing one", async () => {
  await withScriptsDir(async (dir) => {
    const content = new TextEncoder().encode("#!/bin/sh\nexit 0\n");
    await Deno.writeFile(`${dir}/run-before-backup`, content, { mode: 0o700 });
    await Deno.chmod(`${dir}/run-before-backup`, 0o700);
    assert.deepEqual(await inspectScripts(dir, { names: NAMES, uid: UID }), {
      files: {
        "run-before-backup": {
          state: "present",
          mode: 0o700,
          size: content.length,
          sha256: await sha256Hex(content),
        },
        "run-after-backup": { state: "absent" },
      },
    });
  });
});

Deno.test("inspectScripts() reports a link without following it, and a mode others can use", async () => {
  await withScriptsDir(async (dir, base) => {
    await Deno.writeTextFile(`${base}/target`, "secret");
    await Deno.symlink(`${base}/target`, `${dir}/run-before-backup`);
    await Deno.writeTextFile(`${dir}/run-after-backup`, "#!/bin/sh\n");
    await Deno.chmod(`${dir}/run-after-backup`, 0o755);
    const { files } = await inspectScripts(dir, { names: NAMES, uid: UID });
    const link = files["run-before-backup"];
    assert.ok(link?.state === "present");
    assert.equal(link.untrusted, "is a symbolic link");
    assert.equal(link.sha256, undefined);
    const open = files["run-after-backup"];
    assert.ok(open?.state === "present");
    assert.equal(open.untrusted, "has mode 0755, which lets others use it");
  });
});

Deno.test("inspectScripts() reports a directory it would tighten without changing its mode", async () => {
  await withScriptsDir(async (dir) => {
    await Deno.chmod(dir, 0o755);
    const inspection = await inspectScripts(dir, { names: NAMES, uid: UID });
    assert.equal(inspection.directoryProblem, `${dir} has mode 0755; the next hook sets 0700`);
    assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o755);
  });
});

Deno.test("inspectScripts() reports a linked directory and reads nothing through it", async () => {
  await withScriptsDir(async (dir, base) => {
    await Deno.mkdir(`${base}/elsewhere`, { mode: 0o700 });
    await Deno.writeTextFile(`${base}/elsewhere/run-before-backup`, "x");
    await Deno.remove(dir);
    await Deno.symlink(`${base}/elsewhere`, dir);
    assert.deepEqual(await inspectScripts(dir, { names: NAMES, uid: UID }), {
      files: { "run-before-backup": { state: "absent" }, "run-after-backup": { state: "absent" } },
      directoryProblem: `${dir} is a symbolic link`,
    });
  });
});

Deno.test("inspectScripts() finds nothing when the directory does not exist yet", async () => {
  await withScriptsDir(async (dir) => {
    await Deno.remove(dir);
    const inspection = await inspectScripts(dir, { names: NAMES, uid: UID });
    assert.deepEqual(inspection.files["run-before-backup"], { state: "absent" });
    assert.equal(inspection.directoryProblem, undefined);
  });
});

Deno.test("inspectScripts() digests a file of 64 MiB, and gives a larger one its size but no digest", async () => {
  await withScriptsDir(async (dir) => {
    // Sparse files: the sizes cost no disk. 64 MiB is 67108864 bytes.
    for (
      const [name, size] of [["run-before-backup", 67108864], [
        "run-after-backup",
        67108865,
      ]] as const
    ) {
      await Deno.writeFile(`${dir}/${name}`, new Uint8Array(), { mode: 0o700 });
      await Deno.chmod(`${dir}/${name}`, 0o700);
      await Deno.truncate(`${dir}/${name}`, size);
    }
    const { files } = await inspectScripts(dir, { names: NAMES, uid: UID });
    const atLimit = files["run-before-backup"];
    assert.ok(atLimit?.state === "present" && atLimit.size === 67108864);
    assert.match(atLimit.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.deepEqual(files["run-after-backup"], {
      state: "present",
      mode: 0o700,
      size: 67108865,
    });
  });
});
