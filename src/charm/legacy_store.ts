/**
 * The production {@link LegacyStore}: the Python charm's per-unit
 * directories on the real filesystem (see `legacy_dirs.ts` for what they are
 * and why they are made private, not removed).
 *
 * @module
 */

import { DirectoryChangedError, setModeThroughHandle } from "./directory_handle.ts";
import { isLegacyName, type LegacyDir, type LegacyScan, type LegacyStore } from "./legacy_dirs.ts";
import { ScriptStoreError, UntrustedPathError } from "./script_store.ts";
import { judgeDirectory, octal } from "./trusted_path.ts";

/** The marker directory of an application directory of this charm. */
const UNITS_DIR = "units";

/**
 * The store of one application's leftovers in one base directory.
 *
 * @param base The base directory, e.g. `/opt/backup-integrator-charm`.
 * @param options The application name, and the charm's user (the process's own when absent).
 * @returns The store.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLegacyStore } from "./legacy_store.ts";
 * const base = Deno.makeTempDirSync();
 * Deno.mkdirSync(`${base}/db-0/scripts`, { recursive: true });
 * Deno.chmodSync(`${base}/db-0`, 0o755);
 * const store = createLegacyStore(base, { app: "db" });
 * const scan = await store.scan();
 * assert.deepEqual(scan.dirs.map((dir) => dir.name), ["db-0"]);
 * await store.tighten("db-0", 0o700);
 * assert.equal(Deno.statSync(`${base}/db-0`).mode! & 0o777, 0o700);
 * Deno.removeSync(base, { recursive: true });
 * ```
 */
export function createLegacyStore(
  base: string,
  options: { app: string; uid?: number },
): LegacyStore {
  const uid = options.uid ?? Deno.uid() ?? 0;
  return {
    base,
    scan: () => Promise.resolve().then(() => scanLegacyDirs(base, { app: options.app, uid })),
    tighten: (name, mode) => tightenLegacyDir(base, { name, mode, uid }),
  };
}

/**
 * Find the entries of the base directory named like this application's
 * Python per-unit directories, without following a link. Nothing is found
 * when the base directory is missing, or is one the script store refuses
 * (the store then fails the hook, naming it).
 *
 * @param base The base directory.
 * @param options The application name and the charm's user.
 * @returns What was found.
 * @throws {ScriptStoreError} When the base directory cannot be read.
 */
function scanLegacyDirs(base: string, options: { app: string; uid: number }): LegacyScan {
  const { app, uid } = options;
  const none = { base, uid, dirs: [] };
  const baseInfo = lstatOrUndefined(base);
  if (baseInfo === undefined || judgeDirectory(baseInfo, { uid, role: "base" }).kind === "refuse") {
    return none;
  }
  let names: string[];
  try {
    names = Array.from(Deno.readDirSync(base), (entry) => entry.name);
  } catch (error) {
    throw new ScriptStoreError("read directory", { path: base, cause: error });
  }
  const dirs: LegacyDir[] = [];
  for (const name of names.filter((name) => isLegacyName(name, app)).sort()) {
    const path = `${base}/${name}`;
    const info = lstatOrUndefined(path);
    if (info === undefined) continue;
    // Look inside only a real directory of the charm's own.
    const own = info.isDirectory && !info.isSymlink && info.uid === uid;
    const marked = own && lstatOrUndefined(`${path}/${UNITS_DIR}`) !== undefined;
    dirs.push({ name, info, marked });
  }
  return { base, uid, dirs };
}

/**
 * Set the mode of one leftover directory once `lstat` shows it is still a
 * real directory of the charm's own, in a base directory nobody else can
 * write: through a handle opened without following a link and checked to be
 * the directory judged (`directory_handle.ts`, as the script store does), so
 * a link swapped in meanwhile is refused, never followed; `lstat` then checks
 * that the mode took.
 *
 * @param base The base directory.
 * @param change The directory's name in it, the new mode, and the charm's user.
 * @throws {UntrustedPathError} When the base or the directory is refused now.
 * @throws {DirectoryChangedError} When the directory was replaced after it was judged.
 * @throws {ScriptStoreError} When the mode cannot be set.
 */
async function tightenLegacyDir(
  base: string,
  change: { name: string; mode: number; uid: number },
): Promise<void> {
  const { uid } = change;
  const path = `${base}/${change.name}`;
  const baseVerdict = judgeDirectory(lstatOrThrow(base), { uid, role: "base" });
  if (baseVerdict.kind !== "trusted") {
    throw new UntrustedPathError(base, {
      problem: baseVerdict.kind === "refuse" ? baseVerdict.problem : "is writable by others",
      remedy: "the charm changes nothing in it until it is trusted",
    });
  }
  const info = lstatOrThrow(path);
  const verdict = judgeDirectory(info, { uid, role: "private" });
  if (verdict.kind === "refuse") throw new UntrustedPathError(path, verdict);
  try {
    // As the script store sets its own directories' modes: through a handle
    // opened without following a link, checked to be the directory judged.
    await setModeThroughHandle(path, {
      identity: { dev: info.dev, ino: info.ino, uid },
      mode: change.mode,
    });
  } catch (error) {
    if (error instanceof DirectoryChangedError) throw error;
    throw new ScriptStoreError("change the mode of", { path, cause: error });
  }
  const after = lstatOrThrow(path);
  if (after.isSymlink || ((after.mode ?? 0) & 0o7777) !== change.mode) {
    throw new ScriptStoreError("change the mode of", {
      path,
      cause: new Error(`its mode is ${octal(after.mode ?? 0)}, not ${octal(change.mode)}`),
    });
  }
}

function lstatOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new ScriptStoreError("inspect", { path, cause: error });
  }
}

function lstatOrThrow(path: string): Deno.FileInfo {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    throw new ScriptStoreError("inspect", { path, cause: error });
  }
}
