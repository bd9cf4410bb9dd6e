/**
 * Running a benchmark subject once: wall time from spawn to exit, and peak
 * RSS through GNU `time` when it is installed.
 *
 * @module
 */

import { isTemporaryName } from "../../src/charm/script_store.ts";

/** A program the benchmark runs, with what to do around each run. */
export interface Subject {
  /** The row's name. */
  readonly name: string;
  /** The executable to spawn, e.g. a charm's `dispatch`. */
  readonly path: string;
  /** Its working directory; the benchmark's when absent. */
  readonly cwd?: string;
  /** Its whole environment; inherited when absent. */
  readonly env?: Readonly<Record<string, string>>;
  /** Runs before each run, untimed: put files back in the starting state. */
  readonly before?: () => Promise<void>;
  /** Runs after each successful run, untimed: check and describe what the run did. */
  readonly after?: () => Promise<RunEffects>;
}

/** What one run did besides taking time. */
export interface RunEffects {
  /** Hook-tool calls, by tool. */
  readonly calls: Readonly<Record<string, number>>;
  /** Files created or replaced. */
  readonly filesWritten: number;
  /** Files removed. */
  readonly filesRemoved: number;
}

/** One run's result. */
export interface RunResult {
  /** Wall time from spawn to exit, in milliseconds. */
  readonly ms: number;
  /** What the run did, when the subject says. */
  readonly effects?: RunEffects;
}

/** The subject exited non-zero. */
export class SubjectFailedError extends Error {
  /**
   * @param name The subject.
   * @param detail The exit code and stderr.
   */
  constructor(name: string, detail: string) {
    super(`Benchmark subject "${name}" failed: ${detail}`);
    this.name = "SubjectFailedError";
  }
}

/**
 * Run a subject once and time it.
 *
 * @param subject The subject.
 * @returns Wall time and effects.
 * @throws {SubjectFailedError} When it exits non-zero.
 */
export async function runOnce(subject: Subject): Promise<RunResult> {
  await subject.before?.();
  const command = new Deno.Command(subject.path, commandOptions(subject));
  const start = performance.now();
  const output = await command.output();
  const ms = performance.now() - start;
  if (output.code !== 0) {
    throw new SubjectFailedError(
      subject.name,
      `exit ${output.code}: ${new TextDecoder().decode(output.stderr).trim()}`,
    );
  }
  const effects = await subject.after?.();
  return effects === undefined ? { ms } : { ms, effects };
}

/**
 * Whether GNU `time` at `path` can report peak RSS (`-f %M`).
 *
 * @param path E.g. `/usr/bin/time`.
 * @returns `true` when it works.
 */
export async function hasGnuTime(path: string): Promise<boolean> {
  try {
    const output = await new Deno.Command(path, {
      args: ["-f", "%M", "/bin/true"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    return output.success && /^\d+\s*$/.test(new TextDecoder().decode(output.stderr));
  } catch {
    return false;
  }
}

/**
 * Run a subject once under GNU `time` and read its peak resident set size:
 * the largest of the process and the children it waited for (the hook
 * tools), as `wait4` reports it.
 *
 * @param subject The subject.
 * @param timePath GNU `time`'s path.
 * @returns Peak RSS in KiB.
 * @throws {SubjectFailedError} When it exits non-zero.
 */
export async function measureRss(subject: Subject, timePath: string): Promise<number> {
  await subject.before?.();
  const report = await Deno.makeTempFile({ prefix: "bench-rss-" });
  try {
    const output = await new Deno.Command(timePath, {
      ...commandOptions(subject),
      args: ["-f", "%M", "-o", report, subject.path],
    }).output();
    if (output.code !== 0) {
      throw new SubjectFailedError(
        subject.name,
        `exit ${output.code} under ${timePath}: ${new TextDecoder().decode(output.stderr).trim()}`,
      );
    }
    await subject.after?.();
    const lines = (await Deno.readTextFile(report)).trim().split("\n");
    const kib = Number(lines.at(-1));
    if (!Number.isFinite(kib)) {
      throw new SubjectFailedError(subject.name, `no RSS from ${timePath}`);
    }
    return kib;
  } finally {
    await Deno.remove(report).catch(() => {});
  }
}

function commandOptions(subject: Subject): Deno.CommandOptions {
  return {
    ...(subject.cwd === undefined ? {} : { cwd: subject.cwd }),
    ...(subject.env === undefined ? {} : { env: { ...subject.env }, clearEnv: true }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  };
}

/** A directory's files, by name: identity and change time, to see what a run rewrote. */
export type DirectorySnapshot = ReadonlyMap<string, string>;

/**
 * Note every file in a directory (temporary files aside).
 *
 * @param dir The directory; missing counts as empty.
 * @returns Each file's name with its inode, size and change time.
 */
export async function snapshotDirectory(dir: string): Promise<DirectorySnapshot> {
  const files = new Map<string, string>();
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (isTemporaryName(entry.name)) continue;
      const info = await Deno.lstat(`${dir}/${entry.name}`);
      files.set(entry.name, `${info.ino}:${info.size}:${info.ctime?.getTime()}`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return files;
}

/**
 * Compare two snapshots.
 *
 * @param before The snapshot before a run.
 * @param after The snapshot after it.
 * @returns How many files were created or replaced, and how many removed.
 */
export function compareSnapshots(
  before: DirectorySnapshot,
  after: DirectorySnapshot,
): { written: number; removed: number } {
  let written = 0;
  for (const [name, identity] of after) if (before.get(name) !== identity) written += 1;
  let removed = 0;
  for (const name of before.keys()) if (!after.has(name)) removed += 1;
  return { written, removed };
}
