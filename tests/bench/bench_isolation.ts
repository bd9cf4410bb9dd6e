/**
 * Keeping `deno task bench` off the machine's real base directory.
 *
 * A compiled binary's permission flags name `/opt/backup-integrator-charm`
 * (they are compiled in), so it cannot be pointed at a temporary directory
 * the way the bundle is. Instead the benchmark runs itself again, once, in a
 * private mount namespace (see `bench_namespace.ts` for how one is had) where
 * a temporary directory is bind-mounted over the base directory. When the
 * base directory does not exist there is nothing to mount over, so the
 * temporary directory goes over its parent `/opt`, and every entry of the
 * real `/opt` is bind-mounted back into it: a Deno installed under `/opt`
 * (as `setup-deno` installs it, in `/opt/hostedtoolcache`) still runs.
 * Inside, every path is as in production; outside, nothing under `/opt` is
 * created, written or removed. Mounts in the namespace cost nothing per run,
 * so the figures are those of the real layout.
 *
 * @module
 */

import { basename, dirname } from "node:path";
import { DEFAULT_OPT_DIR } from "../../src/charm/paths.ts";

/**
 * Set in the benchmark run inside the namespace: the host directory that
 * shows as {@link DEFAULT_OPT_DIR} there.
 */
export const ISOLATED_ENV = "BENCH_ISOLATED_OPT_DIR";

/** One `mount --rbind SOURCE TARGET`, made inside the namespace. */
export interface BindMount {
  /** The directory or file shown. */
  readonly source: string;
  /** Where it is shown. */
  readonly target: string;
}

/** Where the temporary directory goes, and what the benchmark there sees. */
export interface IsolationPlan {
  /** The directory bind-mounted over: the base directory, or `/opt` when it does not exist. */
  readonly target: string;
  /** The temporary directory mounted there. */
  readonly source: string;
  /** The host directory that shows as the base directory inside. */
  readonly isolatedOptDir: string;
  /** The mounts, in the order they are made. */
  readonly mounts: readonly BindMount[];
}

/** Options for {@link planIsolation}. */
export interface PlanOptions {
  /** Paths the benchmark needs inside (Deno, the repository, the binary). */
  readonly mustSee: readonly string[];
  /** The base directory to isolate; {@link DEFAULT_OPT_DIR} unless testing. */
  readonly baseDir?: string;
}

/**
 * Plan the mounts and create the temporary directories (and, when `/opt` is
 * replaced, a stand-in in the temporary directory for each of its entries).
 *
 * @param workDir The benchmark's scratch directory.
 * @param options What the benchmark needs to see, and the base directory.
 * @returns The plan.
 * @throws {Error} When a path the benchmark needs lies under the directory that is replaced.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planIsolation } from "./bench_isolation.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/opt/tool`, { recursive: true });
 * const plan = await planIsolation(`${dir}/work`, {
 *   mustSee: [`${dir}/opt/tool/deno`],
 *   baseDir: `${dir}/opt/charm`,
 * });
 * assert.equal(plan.target, `${dir}/opt`);
 * assert.deepEqual(plan.mounts.map((m) => m.target), [
 *   `${dir}/work/host-opt`,
 *   `${dir}/opt`,
 *   `${dir}/opt/tool`,
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function planIsolation(workDir: string, options: PlanOptions): Promise<IsolationPlan> {
  const baseDir = options.baseDir ?? DEFAULT_OPT_DIR;
  const exists = await Deno.stat(baseDir).then(() => true, () => false);
  const target = exists ? baseDir : dirname(baseDir);
  // With /opt replaced, everything in it is shown again: only the base
  // directory (which does not exist) is new. The base directory itself is not.
  const hidden = exists ? options.mustSee : [];
  for (const path of [...hidden, workDir]) {
    if (path === target || path.startsWith(`${target}/`)) {
      throw new Error(
        `Cannot run the binary in a private mount namespace: ${JSON.stringify(path)} lies ` +
          `under ${JSON.stringify(target)}, which the namespace replaces`,
      );
    }
  }
  const source = `${workDir}/isolated-opt`;
  const isolatedOptDir = exists ? source : `${source}/${basename(baseDir)}`;
  await Deno.mkdir(isolatedOptDir, { recursive: true });
  if (exists) return { target, source, isolatedOptDir, mounts: [{ source, target }] };
  // The real /opt, kept in view under the scratch directory before it is covered.
  const hostView = `${workDir}/host-opt`;
  await Deno.mkdir(hostView);
  const mounts: BindMount[] = [{ source: target, target: hostView }, { source, target }];
  for (const entry of await sortedEntries(target)) {
    const standIn = `${source}/${entry.name}`;
    if (entry.isSymlink) {
      await Deno.symlink(await Deno.readLink(`${target}/${entry.name}`), standIn);
      continue;
    }
    if (entry.isDirectory) await Deno.mkdir(standIn);
    else await Deno.writeFile(standIn, new Uint8Array());
    mounts.push({ source: `${hostView}/${entry.name}`, target: `${target}/${entry.name}` });
  }
  return { target, source, isolatedOptDir, mounts };
}

async function sortedEntries(dir: string): Promise<Deno.DirEntry[]> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  return entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
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
