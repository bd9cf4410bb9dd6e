/**
 * `.ci/run` as GitHub's `test` workflow runs it: not root, so the suite runs
 * once, as the current user, and the last line sums it. (As root, it runs the
 * suite a second time as a user it creates: that path is what this project's
 * own CI runs on every submission.) `deno task test` is a stand-in here.
 *
 * @module
 */

import assert from "node:assert/strict";
import { shellQuote, writeShellScript } from "../fake_juju/shell_script.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const NOBODY = 65534;

interface CiRun {
  readonly code: number;
  readonly lines: readonly string[];
  /** One line per `deno task` call: the user, the strace switch, then the arguments. */
  readonly calls: readonly string[];
}

/** `.ci/run` in a copy of the repository's CI files, with a stand-in `deno task test`. */
async function ciRun(test: { output: string; status: number }): Promise<CiRun> {
  const dir = await Deno.makeTempDir({ prefix: "ci-run-test-" });
  try {
    await Deno.mkdir(`${dir}/repo/.ci`, { recursive: true });
    await Deno.mkdir(`${dir}/repo/tests/ci`, { recursive: true });
    await Deno.mkdir(`${dir}/bin`);
    await Deno.mkdir(`${dir}/deno-dir`);
    await Deno.copyFile(`${ROOT}/.ci/run`, `${dir}/repo/.ci/run`);
    await Deno.copyFile(`${ROOT}/tests/ci/test_summary.ts`, `${dir}/repo/tests/ci/test_summary.ts`);
    await Deno.writeTextFile(`${dir}/output`, test.output);
    await Deno.writeTextFile(`${dir}/calls`, "");
    await writeShellScript(`${dir}/bin/deno`, [
      'case "$1" in',
      '  --version) echo "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)" ;;',
      `  task) echo "$(id -un) strace=\${BACKUP_INTEGRATOR_REQUIRE_STRACE:-} $*" >>${
        shellQuote(`${dir}/calls`)
      }; ` +
      `cat ${shellQuote(`${dir}/output`)}; exit ${test.status} ;;`,
      `  *) exec ${shellQuote(Deno.execPath())} "$@" ;;`,
      "esac",
    ]);
    // Present, so that nothing is installed.
    await writeShellScript(`${dir}/bin/strace`, ["exit 0"]);
    const env = [
      `PATH=${dir}/bin:/usr/bin:/bin`,
      `DENO_DIR=${dir}/deno-dir`,
      "BDIRJSON=/bin/true",
      "HOME=/nonexistent",
    ];
    const asUser = Deno.uid() === 0 ? ["runuser", "-u", "nobody", "--"] : [];
    if (Deno.uid() === 0) {
      for await (const entry of walk(dir)) await Deno.chown(entry, NOBODY, NOBODY);
    }
    const [program = "", ...args] = [...asUser, "env", "-i", ...env, "bash", `${dir}/repo/.ci/run`];
    const output = await new Deno.Command(program, {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: output.code,
      lines: new TextDecoder().decode(output.stdout).trimEnd().split("\n"),
      calls: (await Deno.readTextFile(`${dir}/calls`)).split("\n").filter((l) => l !== ""),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  yield dir;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else yield path;
  }
}

const USER = Deno.uid() === 0 ? "nobody" : Deno.env.get("USER") ?? "";

Deno.test(".ci/run, not as root, runs deno task test once as the current user and ends with its counts", async () => {
  const run = await ciRun({ output: "ok | 5 passed | 0 failed | 1 ignored (1s)\n", status: 0 });
  assert.equal(run.code, 0, run.lines.join("\n"));
  assert.deepEqual(run.calls.map((call) => call.replace(/^\S+ /, "")), ["strace=1 task test"]);
  if (USER !== "") assert.match(run.calls[0] ?? "", new RegExp(`^${USER} `));
  assert.equal(run.lines.at(-1), "5 passed, 0 failed, 1 skipped");
});

Deno.test(".ci/run fails, counting one failure, when deno task test fails before any test", async () => {
  const run = await ciRun({
    output: "error: Found 1 not formatted file in 300 files\n",
    status: 1,
  });
  assert.equal(run.code, 1);
  assert.equal(run.lines.at(-1), "0 passed, 1 failed, 0 skipped");
});

Deno.test(".ci/clone_worktree clones with the working tree on top: changed, untracked and deleted files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "clone-worktree-test-" });
  try {
    const repo = `${dir}/repo`;
    const git = async (...args: string[]) => {
      const output = await new Deno.Command("git", {
        args: ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@t", ...args],
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.ok(output.success, new TextDecoder().decode(output.stderr));
    };
    await Deno.mkdir(`${repo}/sub`, { recursive: true });
    await git("init", "--quiet");
    for (const name of ["kept", "changed", "sub/deleted"]) {
      await Deno.writeTextFile(`${repo}/${name}`, "committed\n");
    }
    await git("add", ".");
    await git("commit", "--quiet", "-m", "one");
    await Deno.writeTextFile(`${repo}/changed`, "changed\n");
    await Deno.writeTextFile(`${repo}/untracked`, "new\n");
    await Deno.remove(`${repo}/sub/deleted`);
    const clone = `${dir}/clone`;
    const run = await new Deno.Command("bash", {
      args: [`${ROOT}/.ci/clone_worktree`, repo, clone],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    assert.equal(await Deno.readTextFile(`${clone}/kept`), "committed\n");
    assert.equal(await Deno.readTextFile(`${clone}/changed`), "changed\n");
    assert.equal(await Deno.readTextFile(`${clone}/untracked`), "new\n");
    await assert.rejects(Deno.lstat(`${clone}/sub/deleted`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
