/**
 * Put the fake `juju` on `PATH` for a test: a temporary directory with an
 * executable `juju` (a shell script that runs `main.ts` with Deno), the
 * state file, and a placeholder `.charm`. The directory is never under
 * `/tmp`: the snap `juju` the fake stands for cannot read `/tmp`, and the
 * charm must be readable. It is under the repository's `.build/`, or, when
 * the repository itself is under `/tmp` (a CI clone may be), under
 * `$HOME/.cache/` (see {@link installRoot}). Dispose of the install
 * (`await using`) to remove the directory, whether the test passed or not.
 *
 * @module
 */

import { snapSees } from "./client_rules.ts";
import { STATE_ENV } from "./main.ts";
import {
  emptyState,
  type ExecRule,
  type FakeState,
  type HookFault,
  loadState,
  saveState,
} from "./state.ts";

/** The repository's root. */
export const REPO_ROOT: string = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Where the fake `juju`'s temporary directories go: somewhere the snap can
 * see, since the charm file is in them.
 *
 * @param repoRoot The repository's root.
 * @param home The user's home directory, if any.
 * @returns `<repoRoot>/.build` when the snap can see it, else `<home>/.cache/backup-integrator-tests`.
 * @throws {Error} When neither is outside `/tmp`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { installRoot } from "./install.ts";
 * assert.equal(installRoot("/work/repo", "/root"), "/work/repo/.build");
 * assert.equal(installRoot("/tmp/clone", "/root"), "/root/.cache/backup-integrator-tests");
 * assert.throws(() => installRoot("/tmp/clone", undefined), /outside \/tmp/);
 * ```
 */
export function installRoot(repoRoot: string, home: string | undefined): string {
  if (snapSees(repoRoot)) return `${repoRoot}/.build`;
  if (home !== undefined && home !== "" && snapSees(home)) {
    return `${home}/.cache/backup-integrator-tests`;
  }
  throw new Error(
    `The fake juju needs a directory outside /tmp, which the juju snap cannot read: the ` +
      `repository is at "${repoRoot}" and HOME is ${home === undefined ? "unset" : `"${home}"`}`,
  );
}

/** An installed fake `juju`. */
export interface FakeJujuInstall extends AsyncDisposable {
  /** The temporary directory. */
  readonly dir: string;
  /** The directory holding `juju`, to put first on `PATH`. */
  readonly binDir: string;
  /** The placeholder charm, as an absolute path. */
  readonly charmPath: string;
  /** `PATH` with {@link FakeJujuInstall.binDir} first. */
  readonly path: string;
  /** The state as the calls left it. */
  readonly state: () => Promise<FakeState>;
}

/**
 * Install the fake `juju`.
 *
 * @param options Hook faults to inject and scripted `exec` answers.
 * @returns The install; dispose of it to remove it.
 */
export async function installFakeJuju(
  options: { readonly faults?: HookFault[]; readonly execRules?: ExecRule[] } = {},
): Promise<FakeJujuInstall> {
  const root = installRoot(REPO_ROOT, Deno.env.get("HOME"));
  await Deno.mkdir(root, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: root, prefix: "fake-juju-" });
  try {
    const binDir = `${dir}/bin`;
    const statePath = `${dir}/state.json`;
    const charmPath = `${dir}/backup-integrator_ubuntu@24.04-amd64.charm`;
    await Deno.mkdir(binDir);
    await Deno.writeTextFile(charmPath, "a placeholder: the fake reads only its name\n");
    await saveState(statePath, emptyState(options));
    const main = new URL("./main.ts", import.meta.url).pathname;
    await Deno.writeTextFile(
      `${binDir}/juju`,
      `#!/bin/sh\n${STATE_ENV}='${statePath}'\nexport ${STATE_ENV}\n` +
        `exec '${Deno.execPath()}' run --quiet --no-prompt --no-check ` +
        `--config '${REPO_ROOT}/deno.json' --allow-read --allow-write='${dir}' ` +
        `--allow-env=${STATE_ENV} '${main}' "$@"\n`,
      { mode: 0o755 },
    );
    await Deno.chmod(`${binDir}/juju`, 0o755);
    return {
      dir,
      binDir,
      charmPath,
      path: `${binDir}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
      state: () => loadState(statePath),
      [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
    };
  } catch (error) {
    await Deno.remove(dir, { recursive: true });
    throw error;
  }
}
