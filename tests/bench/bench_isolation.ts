/**
 * Keeping `deno task bench` off the machine's real base directory.
 *
 * A compiled binary's permission flags name `/opt/backup-integrator-charm`
 * (they are compiled in), so it cannot be pointed at a temporary directory
 * the way the bundle is. Instead the benchmark runs itself again, once, in a
 * private mount namespace (`unshare --mount`, with `--user --map-root-user`
 * when not root) where a temporary directory is bind-mounted over the base
 * directory, or over its parent `/opt` when the base directory does not
 * exist. Inside, every path is as in production; outside, nothing under
 * `/opt` is created, written or removed. Mounts in the namespace cost
 * nothing per run, so the figures are those of the real layout.
 *
 * @module
 */

import { dirname } from "node:path";
import { DEFAULT_OPT_DIR } from "../../src/charm/paths.ts";

/**
 * Set in the benchmark run inside the namespace: the host directory that
 * shows as {@link DEFAULT_OPT_DIR} there.
 */
export const ISOLATED_ENV = "BENCH_ISOLATED_OPT_DIR";

/** Where the temporary directory goes, and what the benchmark there sees. */
export interface IsolationPlan {
  /** The directory bind-mounted over: the base directory, or `/opt` when it does not exist. */
  readonly target: string;
  /** The temporary directory mounted there. */
  readonly source: string;
  /** The host directory that shows as the base directory inside. */
  readonly isolatedOptDir: string;
}

/**
 * Plan the mount and create the temporary directories.
 *
 * @param workDir The benchmark's scratch directory.
 * @param mustSee Paths the benchmark needs inside (Deno, the repository, the binary).
 * @returns The plan.
 * @throws {Error} When a path the benchmark needs lies under the directory to hide.
 */
export async function planIsolation(
  workDir: string,
  mustSee: readonly string[],
): Promise<IsolationPlan> {
  const exists = await Deno.stat(DEFAULT_OPT_DIR).then(() => true, () => false);
  const target = exists ? DEFAULT_OPT_DIR : dirname(DEFAULT_OPT_DIR);
  for (const path of [...mustSee, workDir]) {
    if (path === target || path.startsWith(`${target}/`)) {
      throw new Error(
        `Cannot run the binary in a private mount namespace: ${JSON.stringify(path)} lies ` +
          `under ${JSON.stringify(target)}, which the namespace replaces`,
      );
    }
  }
  const source = `${workDir}/isolated-opt`;
  const isolatedOptDir = exists ? source : `${source}/${DEFAULT_OPT_DIR.slice(target.length + 1)}`;
  await Deno.mkdir(isolatedOptDir, { recursive: true });
  return { target, source, isolatedOptDir };
}

/**
 * The command that runs `command` in a private mount namespace with the plan's mount.
 *
 * @param plan The mount.
 * @param run The program and its arguments, and the user id (`unshare`
 * maps a user namespace when it is not 0).
 * @returns `unshare` and its arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { namespaceCommand } from "./bench_isolation.ts";
 * const plan = { target: "/opt", source: "/tmp/x", isolatedOptDir: "/tmp/x/b" };
 * const [program, ...args] = namespaceCommand(plan, {
 *   command: ["deno", "run", "bench.ts"],
 *   uid: 0,
 * });
 * assert.equal(program, "unshare");
 * assert.deepEqual(args.slice(0, 3), ["--mount", "--propagation", "private"]);
 * assert.deepEqual(args.slice(-5), ["/tmp/x", "/opt", "deno", "run", "bench.ts"]);
 * ```
 */
export function namespaceCommand(
  plan: IsolationPlan,
  run: { readonly command: readonly string[]; readonly uid: number | null },
): string[] {
  const { command, uid } = run;
  return [
    "unshare",
    "--mount",
    "--propagation",
    "private",
    ...(uid === 0 ? [] : ["--user", "--map-root-user"]),
    "--",
    "/bin/sh",
    "-c",
    'mount --bind "$1" "$2" && shift 2 && exec "$@"',
    "sh",
    plan.source,
    plan.target,
    ...command,
  ];
}

/**
 * Check, inside the namespace, that the base directory is the isolated one.
 *
 * @param isolatedOptDir The host directory {@link ISOLATED_ENV} names.
 * @throws {Error} When the base directory is another directory: the mount did not happen.
 */
export async function assertIsolated(isolatedOptDir: string): Promise<void> {
  const [inside, host] = await Promise.all([
    Deno.stat(DEFAULT_OPT_DIR).catch(() => undefined),
    Deno.stat(isolatedOptDir).catch(() => undefined),
  ]);
  if (inside === undefined || host === undefined || inside.ino !== host.ino) {
    throw new Error(
      `Refusing to run: ${DEFAULT_OPT_DIR} is not ${isolatedOptDir} in this mount namespace`,
    );
  }
}

/**
 * Run a command to its end, passing its output on line by line.
 *
 * @param command The program and its arguments.
 * @param options The environment to add, and where output lines go.
 * @returns The command's exit code.
 */
export async function runForwarding(
  command: readonly string[],
  options: {
    env: Record<string, string>;
    writeOut: (line: string) => void;
    writeError: (line: string) => void;
  },
): Promise<number> {
  const [program = "", ...args] = command;
  const child = new Deno.Command(program, {
    args,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await Promise.all([
    forwardLines(child.stdout, options.writeOut),
    forwardLines(child.stderr, options.writeError),
  ]);
  return (await child.status).code;
}

async function forwardLines(
  stream: ReadableStream<Uint8Array>,
  write: (line: string) => void,
): Promise<void> {
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) write(line);
  }
  if (pending !== "") write(pending);
}
