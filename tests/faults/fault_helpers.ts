/**
 * Helpers of the fault tests: a temporary base directory, and a look at
 * every file under it.
 *
 * @module
 */

import { isTemporaryName } from "../../src/charm/script_store.ts";
import type { FakeCall } from "../fake_juju/model.ts";

/** The application every fault test deploys. */
export const APP = "backup-integrator";

/** The leader unit. */
export const LEADER = `${APP}/0`;

/** A non-leader unit. */
export const FOLLOWER = `${APP}/1`;

/** A script with a `#!` line. */
export const SCRIPT = "#!/bin/sh\nset -e\npg_dump app > /var/backups/app.sql\n";

/** The longest argument any hook-tool call may have: large data goes on stdin. */
export const MAX_ARGUMENT_BYTES = 16 * 1024;

/**
 * Run `body` with a fresh temporary directory, then remove it.
 *
 * @param body Gets the directory's absolute path.
 */
export async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "faults-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Every path under a directory, depth first, symlinks not followed.
 *
 * @param dir The directory; a missing one has no entries.
 * @returns Paths relative to `dir`, sorted.
 */
export async function listTree(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(path: string, prefix: string): Promise<void> {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(path));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
        return;
      }
      throw error;
    }
    for (const entry of entries) {
      found.push(`${prefix}${entry.name}`);
      if (entry.isDirectory) await walk(`${path}/${entry.name}`, `${prefix}${entry.name}/`);
    }
  }
  await walk(dir, "");
  return found.sort();
}

/**
 * The temporary files of interrupted writes anywhere under a directory.
 *
 * @param dir The directory.
 * @returns Their paths relative to `dir`.
 */
export async function temporaryFiles(dir: string): Promise<string[]> {
  return (await listTree(dir)).filter((path) => isTemporaryName(path.split("/").at(-1) ?? ""));
}

/**
 * Check the rule for large data: no argument of any call is longer than
 * {@link MAX_ARGUMENT_BYTES}.
 *
 * @param calls The calls a hook made.
 * @returns The calls that break it, as `tool: bytes`.
 */
export function oversizedArguments(calls: readonly FakeCall[]): string[] {
  const encoder = new TextEncoder();
  const found: string[] = [];
  for (const call of calls) {
    for (const arg of call.args) {
      const bytes = encoder.encode(arg).length;
      if (bytes > MAX_ARGUMENT_BYTES) found.push(`${call.tool}: ${bytes}`);
    }
  }
  return found;
}
