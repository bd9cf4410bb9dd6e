import assert from "node:assert/strict";
import { DEFAULT_OPT_DIR } from "../../src/charm/paths.ts";
import { permissionFlags } from "../../src/permissions.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { findDenoDir } from "../fake_juju/charm_layout.ts";
import { shellQuote, writeShellScript } from "../fake_juju/shell_script.ts";
import { benchMain } from "./bench.ts";
import { quiet } from "./bench_testing.ts";
import { NAMESPACE_NEEDS, workingWays } from "./bench_namespace.ts";

Deno.test("deno task bench runs a case beside the floors and writes its report as JSON", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-test-" });
  try {
    const json = `${dir}/bench.json`;
    const code = await benchMain([
      "--iterations=2",
      "--warmup=0",
      "--rss-runs=1",
      "--only=config-changed steady leader",
      `--json=${json}`,
    ], quiet().output);
    assert.equal(code, 0);
    const report = JSON.parse(await Deno.readTextFile(json));
    assert.deepEqual(
      report.subjects.map((row: { name: string }) => row.name),
      [
        "/bin/true",
        "empty Deno program",
        "probe: empty Deno + 5 calls",
        "config-changed steady leader",
      ],
    );
    const steady = report.subjects[3];
    assert.equal(steady.samplesMs.length, 2);
    assert.equal(steady.totalCalls, 5);
    assert.ok(steady.ratioToEmpty > 0);
    assert.equal(report.targets.modulesMet, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task bench rejects bad arguments with exit 2", async () => {
  const { lines, output } = quiet();
  assert.equal(await benchMain(["--iterations=0"], output), 2);
  assert.match(lines.join("\n"), /--iterations must be an integer ≥ 1, not "0"/);
  assert.equal(await benchMain(["--frobnicate"], output), 2);
  assert.equal(await benchMain(["--namespace=chroot"], output), 2);
  assert.match(
    lines.join("\n"),
    /--namespace must be one of root, user-namespace, sudo, not "chroot"/,
  );
});

const WAYS = await workingWays(Deno.uid());
if (WAYS.length === 0) console.log(`bench_test.ts: the binary case is ignored: ${NAMESPACE_NEEDS}`);

for (const way of WAYS.length === 0 ? ["none"] : WAYS) {
  Deno.test({
    name:
      `deno task bench runs a binary in a private mount namespace (${way}) and never touches the real base directory`,
    ignore: WAYS.length === 0,
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "bench-binary-test-" });
      const before = await Deno.lstat(DEFAULT_OPT_DIR).catch(() => undefined);
      try {
        // A stand-in for the compiled binary: the bundle under the binary's own
        // permission flags, which name the real base directory, as compiled in.
        await Deno.copyFile(await charmEntry(), `${dir}/charm.js`);
        const command = [Deno.execPath(), "run", "--quiet", "--no-config", ...permissionFlags()];
        await writeShellScript(`${dir}/backup-integrator`, [
          `DENO_DIR=${shellQuote(await findDenoDir())}`,
          "export DENO_DIR",
          `exec ${[...command, `${dir}/charm.js`].map(shellQuote).join(" ")}`,
        ]);
        const json = `${dir}/bench.json`;
        const { lines, output } = quiet();
        const code = await benchMain([
          "--iterations=1",
          "--warmup=0",
          "--rss-runs=0",
          "--only=remove changed leader",
          `--binary=${dir}/backup-integrator`,
          `--namespace=${way}`,
          `--json=${json}`,
        ], output);
        assert.equal(code, 0, lines.join("\n"));
        assert.match(lines.join("\n"), new RegExp(`private mount namespace \\(${way}\\)`));
        const report = JSON.parse(await Deno.readTextFile(json));
        assert.equal(report.program.kind, "binary");
        // The case wrote and removed scripts under the base directory, inside the namespace.
        const removeRow = report.subjects.find((row: { name: string }) =>
          row.name === "remove changed leader"
        );
        assert.ok(removeRow.filesRemoved > 0, JSON.stringify(removeRow));
        const after = await Deno.lstat(DEFAULT_OPT_DIR).catch(() => undefined);
        assert.equal(after?.ino, before?.ino);
        assert.equal(after?.mtime?.getTime(), before?.mtime?.getTime());
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

Deno.test("deno task bench names the ways that work when the one asked for does not", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-test-" });
  try {
    // Any executable will do: the way is refused before it runs.
    await writeShellScript(`${dir}/backup-integrator`, ["exit 0"]);
    const unavailable = Deno.uid() === 0 ? "sudo" : "root";
    const { lines, output } = quiet();
    const code = await benchMain([
      `--binary=${dir}/backup-integrator`,
      `--namespace=${unavailable}`,
    ], output);
    assert.equal(code, 1);
    assert.match(
      lines.join("\n"),
      new RegExp(
        `--namespace ${unavailable} does not work here; this process can use: ${
          WAYS.length === 0 ? "none" : WAYS.join(", ")
        }`,
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task bench says why when the program does not act as the charm", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-test-" });
  try {
    const notTheCharm = `${dir}/empty.js`;
    await Deno.writeTextFile(notTheCharm, "");
    const { lines, output } = quiet();
    const code = await benchMain([
      "--iterations=1",
      "--warmup=0",
      "--rss-runs=0",
      "--only=config-changed steady leader",
      `--bundle=${notTheCharm}`,
    ], output);
    assert.equal(code, 1);
    const failure = lines.find((line) => line.startsWith("bench failed:")) ?? "";
    assert.match(failure, /took another path than under the in-memory fake/);
    assert.match(
      failure,
      /The program is the bundle .*empty\.js \(--bundle\).*: is it a bundle of this charm's src\/main\.ts\?/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
