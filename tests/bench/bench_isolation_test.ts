import assert from "node:assert/strict";
import { planIsolation } from "./bench_isolation.ts";

/** A stand-in for `/opt` holding a tool directory, a file and a symbolic link. */
async function fakeOpt(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bench-isolation-test-" });
  await Deno.mkdir(`${dir}/opt/hostedtoolcache/deno`, { recursive: true });
  await Deno.writeTextFile(`${dir}/opt/notes.txt`, "kept");
  await Deno.symlink("hostedtoolcache", `${dir}/opt/toolcache`);
  return dir;
}

Deno.test("planIsolation() shows every entry of /opt again when the base directory does not exist", async () => {
  const dir = await fakeOpt();
  try {
    const plan = await planIsolation(`${dir}/work`, {
      mustSee: [`${dir}/opt/hostedtoolcache/deno/deno`],
      baseDir: `${dir}/opt/backup-integrator-charm`,
    });
    const source = `${dir}/work/isolated-opt`;
    assert.equal(plan.target, `${dir}/opt`);
    assert.equal(plan.isolatedOptDir, `${source}/backup-integrator-charm`);
    assert.deepEqual(plan.mounts, [
      { source: `${dir}/opt`, target: `${dir}/work/host-opt` },
      { source, target: `${dir}/opt` },
      { source: `${dir}/work/host-opt/hostedtoolcache`, target: `${dir}/opt/hostedtoolcache` },
      { source: `${dir}/work/host-opt/notes.txt`, target: `${dir}/opt/notes.txt` },
    ]);
    // Each mount needs something of its kind to go over; a link is copied, not mounted.
    assert.ok((await Deno.lstat(`${source}/hostedtoolcache`)).isDirectory);
    assert.ok((await Deno.lstat(`${source}/notes.txt`)).isFile);
    assert.equal(await Deno.readLink(`${source}/toolcache`), "hostedtoolcache");
    assert.ok((await Deno.lstat(plan.isolatedOptDir)).isDirectory);
    // Nothing is made under the real one.
    assert.equal(await Deno.lstat(`${dir}/opt/backup-integrator-charm`).catch(() => null), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("planIsolation() mounts over an existing base directory alone, and refuses to hide what it needs", async () => {
  const dir = await fakeOpt();
  try {
    const baseDir = `${dir}/opt/hostedtoolcache`;
    const plan = await planIsolation(`${dir}/work`, { mustSee: ["/usr/bin/deno"], baseDir });
    assert.deepEqual(plan.mounts, [{ source: `${dir}/work/isolated-opt`, target: baseDir }]);
    assert.equal(plan.isolatedOptDir, `${dir}/work/isolated-opt`);
    await assert.rejects(
      planIsolation(`${dir}/work2`, { mustSee: [`${baseDir}/deno/deno`], baseDir }),
      /"[^"]+\/deno\/deno" lies under "[^"]+\/opt\/hostedtoolcache", which the namespace replaces/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
