/**
 * How `deno task bench` gets the private mount namespace a compiled binary
 * runs in (see `bench_isolation.ts` for what is mounted there).
 *
 * Making mounts takes root, or root in a user namespace of one's own:
 * - as root, `unshare --mount`;
 * - otherwise `unshare --user --map-root-user --mount`, where unprivileged
 *   user namespaces are allowed (Ubuntu 24.04's AppArmor refuses them, as on
 *   GitHub's `ubuntu-24.04` runners);
 * - otherwise `sudo -n unshare --mount`, which makes the mounts as root and
 *   then runs the benchmark as the calling user again (`setpriv`), so every
 *   file it makes is that user's: GitHub's runners give the `runner` user
 *   passwordless `sudo`.
 *
 * @module
 */

import type { BindMount } from "./bench_isolation.ts";

/** A way to a private mount namespace. */
export type NamespaceWay = "root" | "user-namespace" | "sudo";

/** Every way, in the order they are tried. */
export const NAMESPACE_WAYS: readonly NamespaceWay[] = ["root", "user-namespace", "sudo"];

/** What the benchmark needs when no way works, in one sentence. */
export const NAMESPACE_NEEDS = "a private mount namespace needs root, unprivileged user " +
  "namespaces (unshare --user --map-root-user), or passwordless sudo";

/** The mounts, then the command: what {@link namespaceCommand} runs. */
export interface NamespaceRun {
  /** Made in order, before the command. */
  readonly mounts: readonly BindMount[];
  /** The program and its arguments. */
  readonly command: readonly string[];
}

// Makes the mounts given as pairs before "--", then runs what follows it.
const MOUNT_SCRIPT = 'while [ "$1" != -- ]; do mount --rbind "$1" "$2" || exit 1; shift 2; done; ' +
  'shift; exec "$@"';

/**
 * The command that makes the mounts in a private mount namespace, then runs
 * the command there.
 *
 * @param run The mounts and the command.
 * @param options The way, and (for `sudo`, which resets `PATH` and may reset
 * `HOME`) the `PATH` and `HOME` to run the command with.
 * @returns The program and its arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { namespaceCommand } from "./bench_namespace.ts";
 * const [program, ...args] = namespaceCommand({
 *   mounts: [{ source: "/tmp/x", target: "/opt" }],
 *   command: ["deno", "run", "bench.ts"],
 * }, { way: "root" });
 * assert.equal(program, "unshare");
 * assert.deepEqual(args.slice(0, 3), ["--mount", "--propagation", "private"]);
 * assert.deepEqual(args.slice(-6), ["/tmp/x", "/opt", "--", "deno", "run", "bench.ts"]);
 * ```
 */
export function namespaceCommand(
  run: NamespaceRun,
  options: { readonly way: NamespaceWay; readonly path?: string; readonly home?: string },
): string[] {
  const pairs = run.mounts.flatMap((mount) => [mount.source, mount.target]);
  const unshare = ["unshare", "--mount", "--propagation", "private"];
  const script = ["/bin/sh", "-c", MOUNT_SCRIPT, "sh", ...pairs, "--"];
  switch (options.way) {
    case "root":
      return [...unshare, "--", ...script, ...run.command];
    case "user-namespace":
      return [...unshare, "--user", "--map-root-user", "--", ...script, ...run.command];
    case "sudo": {
      // Back to the calling user (sudo names it) before the benchmark runs.
      const drop = [
        "/bin/sh",
        "-c",
        'exec setpriv --reuid="$SUDO_UID" --regid="$SUDO_GID" ' +
        '--init-groups -- "$@"',
        "sh",
      ];
      const env = [
        "env",
        ...(options.path === undefined ? [] : [`PATH=${options.path}`]),
        ...(options.home === undefined ? [] : [`HOME=${options.home}`]),
      ];
      return [
        "sudo",
        "-n",
        "--preserve-env",
        ...unshare,
        "--",
        ...script,
        ...drop,
        ...env,
        ...run.command,
      ];
    }
  }
}

/**
 * The ways that work on this machine for this process, in the order of
 * {@link NAMESPACE_WAYS}: each is tried with `true` as the command.
 *
 * @param uid The process's user id (`Deno.uid()`).
 * @returns The ways that work; empty when none does.
 */
export async function workingWays(uid: number | null): Promise<NamespaceWay[]> {
  const candidates = uid === 0 ? ["root" as const] : ["user-namespace" as const, "sudo" as const];
  const works: NamespaceWay[] = [];
  for (const way of candidates) {
    const [program = "", ...args] = namespaceCommand({ mounts: [], command: ["true"] }, { way });
    if (await succeeds(program, args)) works.push(way);
  }
  return works;
}

async function succeeds(program: string, args: readonly string[]): Promise<boolean> {
  try {
    const command = new Deno.Command(program, {
      args: [...args],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    });
    return (await command.output()).success;
  } catch {
    // Not installed.
    return false;
  }
}
