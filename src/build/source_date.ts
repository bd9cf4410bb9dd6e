/**
 * The one date a build writes into a `.charm` (`charmcraft-started-at` and
 * every zip entry's time), fixed so the same inputs give the same bytes.
 *
 * @module
 */

/** The date used when nothing else gives one: the earliest a zip entry can hold. */
export const FALLBACK_SOURCE_DATE: Date = new Date("1980-01-01T00:00:00Z");

/** Options for {@link sourceDate}. */
export interface SourceDateOptions {
  /** `SOURCE_DATE_EPOCH` from the environment, if set. */
  readonly sourceDateEpoch: string | undefined;
  /** Seconds since the epoch of the last commit, if known. */
  readonly lastCommitTime: number | undefined;
}

/**
 * Pick the build date: `SOURCE_DATE_EPOCH` when set (the reproducible-builds
 * convention), else the time of the last git commit, else
 * {@link FALLBACK_SOURCE_DATE}.
 *
 * @param options The environment's value and the last commit's time.
 * @returns The date, whole seconds.
 * @throws {RangeError} When `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sourceDate } from "./source_date.ts";
 * const date = sourceDate({ sourceDateEpoch: "1700000000", lastCommitTime: 1 });
 * assert.ok(date.toISOString() === "2023-11-14T22:13:20.000Z");
 * ```
 */
export function sourceDate(options: SourceDateOptions): Date {
  const epoch = options.sourceDateEpoch;
  if (epoch !== undefined && epoch !== "") {
    if (!/^[0-9]+$/.test(epoch)) {
      throw new RangeError(
        `Cannot use SOURCE_DATE_EPOCH: "${epoch}" is not a whole number of seconds`,
      );
    }
    return new Date(Number(epoch) * 1000);
  }
  if (options.lastCommitTime !== undefined) return new Date(options.lastCommitTime * 1000);
  return FALLBACK_SOURCE_DATE;
}

/**
 * The commit time of `HEAD` in a git work tree.
 *
 * @param dir A directory inside the work tree.
 * @returns Seconds since the epoch, or `undefined` when there is no git, no
 * repository or no commit.
 */
export async function lastGitCommitTime(dir: string): Promise<number | undefined> {
  try {
    const output = await new Deno.Command("git", {
      args: ["log", "-1", "--format=%ct"],
      cwd: dir,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(output.stdout).trim();
    return output.success && /^[0-9]+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}
