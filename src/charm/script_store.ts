/**
 * The charm's files on the machine: one directory per application, holding
 * the scripts and a marker per local unit.
 *
 * ```
 * <base>/                      0755  the base directory
 * <base>/<app>/                0700  the application's directory
 * <base>/<app>/scripts/        0700  the scripts, 0700 each
 * <base>/<app>/units/          0700  one empty file per unit of <app> on this machine, 0600 each
 * ```
 *
 * The reconcile talks to a {@link ScriptStore}; production passes
 * {@link createScriptStore}, tests an in-memory one.
 *
 * Trusted path: the directory holding the base is checked with `stat`, and
 * every directory from the base down with `lstat`, before anything is read or
 * written (see `trusted_path.ts`). A parent others may write, a symbolic link
 * or a foreign owner fails the hook with an {@link UntrustedPathError}; a mode
 * of the charm's own that is too open is tightened. As each parent is then
 * writable by root or the charm's user alone, nobody else can swap a
 * component between the check and the use. Directories are made, and their
 * modes set, without following a link (see `directory_handle.ts`).
 *
 * Writes are atomic: the content goes to a temporary file created with the
 * final mode (never readable by others, even for a moment) in the same
 * directory, is flushed, renamed over the old file (a link in the way is
 * replaced, its target never touched), and the directory is flushed. A
 * temporary file left by a killed process is found by the next run's
 * {@link ScriptStore.load} and removed.
 *
 * Reads are synchronous: a hook reads a handful of small files once, and
 * Deno's asynchronous file operations cost more in thread hand-offs (and an
 * error object per absent file) than the reads themselves.
 *
 * @module
 */

import { parentDir } from "./paths.ts";
import {
  DirectoryChangedError,
  makeDirectoryExactly,
  setModeThroughHandle,
} from "./directory_handle.ts";
import {
  DIRECTORY_MODES,
  type DirectoryRole,
  judgeBaseParent,
  judgeDirectory,
  octal,
  untrustedScript,
} from "./trusted_path.ts";

export { SCRIPT_MODE } from "./trusted_path.ts";

/** A script as it is on disk. */
export interface ScriptFile {
  /** The exact bytes; empty when the file is {@link ScriptFile.untrusted}. */
  readonly content: Uint8Array;
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number;
  /**
   * Why the file cannot be kept even with the right content (a symbolic link,
   * not a regular file, a foreign owner, a mode others can use); absent when
   * it can.
   */
  readonly untrusted?: string;
}

/** What {@link ScriptStore.load} found. */
export interface ScriptDirectory {
  /** The requested scripts that exist, by name. */
  readonly files: Readonly<Partial<Record<string, ScriptFile>>>;
  /** Temporary files left by interrupted writes, sorted. */
  readonly leftovers: readonly string[];
  /** Directories whose mode was too open and was tightened, as log lines. */
  readonly tightened: readonly string[];
}

/** What {@link ScriptStore.release} did. */
export interface Release {
  /** The application directory, removed when no other local unit uses it. */
  readonly appDir: string;
  /** The other local units that still use it; empty when it was removed. */
  readonly others: readonly string[];
}

/** The scripts directory of one application. */
export interface ScriptStore {
  /** Absolute path of the scripts directory. */
  readonly dir: string;
  /**
   * Check the path, list the directory once and read the named scripts that
   * exist. A missing directory holds nothing.
   *
   * @param names The script names to read; other files are left alone.
   * @returns The scripts found, leftovers of interrupted writes, repairs made.
   * @throws {UntrustedPathError} When a directory on the path is refused.
   * @throws {ScriptStoreError} When the directory or a script cannot be read,
   * or a directory stands where a script goes.
   */
  load(names: readonly string[]): Promise<ScriptDirectory>;
  /**
   * Replace a script atomically, creating the directories if needed.
   *
   * @param name The file name.
   * @param content The exact bytes.
   * @param mode The permission bits, e.g. 0700.
   * @throws {UntrustedPathError} When a directory on the path is refused.
   * @throws {ScriptStoreError} When any step fails; no temporary file is left.
   */
  write(name: string, content: Uint8Array, mode: number): Promise<void>;
  /**
   * Remove a script or a leftover temporary file (a link is removed, never
   * followed); nothing happens when there is none.
   *
   * @param name The file name.
   * @throws {UntrustedPathError} When a directory on the path is refused.
   * @throws {ScriptStoreError} When removal fails.
   */
  remove(name: string): Promise<void>;
  /**
   * Mark that a unit of the application uses the files on this machine.
   *
   * @param unit The unit name, e.g. `backup-integrator/0`.
   * @returns `true` when the marker was made now, `false` when it was there.
   * @throws {UntrustedPathError} When a directory on the path is refused.
   * @throws {ScriptStoreError} When the marker cannot be made.
   */
  claim(unit: string): Promise<boolean>;
  /**
   * Drop a unit's marker; the last unit out removes the application's
   * directory, then the base directory if that is left empty.
   *
   * @param unit The unit name.
   * @returns The application directory and the local units still using it.
   * @throws {UntrustedPathError} When a directory on the path is refused.
   * @throws {ScriptStoreError} When removal fails.
   */
  release(unit: string): Promise<Release>;
}

/** A filesystem operation on the charm's files failed; names the path. */
export class ScriptStoreError extends Error {
  /** What was being done, e.g. `write`. */
  readonly operation: string;
  /** The path it was done to. */
  readonly path: string;

  /**
   * Describe a failed operation on a path.
   *
   * @param operation What was being done.
   * @param options The path and the underlying error.
   */
  constructor(operation: string, options: { path: string; cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`Cannot ${operation} "${options.path}": ${reason}`, { cause: options.cause });
    this.name = "ScriptStoreError";
    this.operation = operation;
    this.path = options.path;
  }
}

/**
 * A directory on the way to the scripts cannot be trusted: names the path,
 * the problem and what the operator should do.
 */
export class UntrustedPathError extends ScriptStoreError {
  /** What is wrong with it, e.g. `is a symbolic link`. */
  readonly problem: string;
  /** What the operator should do. */
  readonly remedy: string;

  /**
   * Describe an untrusted directory.
   *
   * @param path The directory.
   * @param verdict The problem and the remedy.
   */
  constructor(path: string, verdict: { problem: string; remedy: string }) {
    super("use", { path, cause: new Error(`it ${verdict.problem}; ${verdict.remedy}`) });
    this.name = "UntrustedPathError";
    this.problem = verdict.problem;
    this.remedy = verdict.remedy;
  }
}

const TEMPORARY_MARK = ".tmp-";

/**
 * Whether a directory entry is a temporary file of an interrupted write.
 *
 * @param name A file name in the scripts directory.
 * @returns `true` for names like `.run-after-backup.tmp-1a2b3c`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isTemporaryName } from "./script_store.ts";
 * assert.ok(isTemporaryName(".run-after-backup.tmp-1a2b3c"));
 * assert.ok(!isTemporaryName("run-after-backup"));
 * ```
 */
export function isTemporaryName(name: string): boolean {
  return name.startsWith(".") && name.includes(TEMPORARY_MARK);
}

function temporaryName(name: string): string {
  const random = crypto.getRandomValues(new Uint8Array(6));
  return `.${name}${TEMPORARY_MARK}${
    Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")
  }`;
}

/** The file name of a unit's marker: `backup-integrator/0` becomes `backup-integrator-0`. */
function markerName(unit: string): string {
  return unit.replaceAll("/", "-");
}

/** The unit a marker stands for: `backup-integrator-0` becomes `backup-integrator/0`. */
function unitOfMarker(name: string): string {
  return name.replace(/-(\d+)$/, "/$1");
}

/** Options for {@link createScriptStore}. */
export interface ScriptStoreOptions {
  /** The user the charm's directories must belong to; the process's own when absent. */
  readonly uid?: number;
}

/**
 * The production store, on the real filesystem.
 *
 * @param dir Absolute path of the scripts directory, `<base>/<app>/scripts`.
 * @param options The charm's user id, for tests.
 * @returns A store for that directory.
 */
export function createScriptStore(dir: string, options: ScriptStoreOptions = {}): ScriptStore {
  const uid = options.uid ?? Deno.uid() ?? 0;
  const app = parentDir(dir);
  const paths = { base: parentDir(app), app, scripts: dir, units: `${app}/units` };
  const tightened: string[] = [];
  const trust = (create: boolean, leaf: "scripts" | "units") =>
    trustPath([[paths.base, "base"], [paths.app, "private"], [paths[leaf], "private"]], {
      uid,
      create,
      tightened,
    });
  return {
    dir,
    async load(names) {
      const found = await trust(false, "scripts")
        ? loadDirectory(dir, names, uid)
        : { files: {}, leftovers: [] };
      return { ...found, tightened: tightened.splice(0) };
    },
    async write(name, content, mode) {
      await trust(true, "scripts");
      await writeScript(dir, { name, content, mode });
    },
    async remove(name) {
      if (await trust(false, "scripts")) removeFile(dir, name);
    },
    async claim(unit) {
      return await trust(true, "units") && claim(paths.units, unit);
    },
    async release(unit) {
      if (!(await trust(false, "units"))) {
        // No markers: a unit of an earlier version, or nothing here at all.
        return removeAll(paths);
      }
      removeFile(paths.units, markerName(unit));
      const others = listNames(paths.units).map(unitOfMarker).sort();
      return others.length > 0 ? { appDir: app, others } : removeAll(paths);
    },
  };
}

/**
 * Check the directory holding the base, then each directory from the base
 * down; create missing ones when asked, each without following a link and
 * with its mode set through a checked handle (see `directory_handle.ts`).
 *
 * @returns `true` when every directory exists (now), `false` when one is
 * missing and `create` is off.
 */
async function trustPath(
  chain: readonly (readonly [string, DirectoryRole])[],
  options: { uid: number; create: boolean; tightened: string[] },
): Promise<boolean> {
  const base = chain[0]?.[0] ?? "/";
  if (!(await trustBaseParent(parentDir(base), options))) return false;
  for (const [path, role] of chain) {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw new ScriptStoreError("inspect", { path, cause: error });
      }
      if (!options.create) return false;
      await makeDirectory(path, { mode: DIRECTORY_MODES[role], uid: options.uid });
      continue;
    }
    const verdict = judgeDirectory(info, { uid: options.uid, role });
    if (verdict.kind === "refuse") throw new UntrustedPathError(path, verdict);
    if (verdict.kind === "tighten") {
      const identity = { dev: info.dev, ino: info.ino, uid: options.uid };
      try {
        await setModeThroughHandle(path, { identity, mode: verdict.mode });
      } catch (error) {
        throw changedOr(
          error,
          () => new ScriptStoreError("change the mode of", { path, cause: error }),
        );
      }
      options.tightened.push(
        `tightened the mode of ${path} from ${octal(info.mode ?? 0)} to ${octal(verdict.mode)}`,
      );
    }
  }
  return true;
}

/**
 * Refuse a base directory whose parent others can write (see
 * {@link judgeBaseParent}); make the parent, and its own missing parents,
 * when asked (only a test's base directory can lack them).
 *
 * @returns `false` when the parent is missing and `create` is off.
 */
async function trustBaseParent(
  parent: string,
  options: { uid: number; create: boolean },
): Promise<boolean> {
  const missing: string[] = [];
  let info: Deno.FileInfo | undefined;
  for (let path = parent;; path = parentDir(path)) {
    try {
      const found = Deno.statSync(path);
      // The parent itself, when it exists: judged below without a second stat.
      if (path === parent) info = found;
      break;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw new ScriptStoreError("inspect", { path, cause: error });
      }
      missing.unshift(path);
      if (path === "/") break;
    }
  }
  if (missing.length > 0 && !options.create) return false;
  for (const path of missing) {
    await makeDirectory(path, { mode: DIRECTORY_MODES.base, uid: options.uid });
  }
  if (info === undefined) {
    try {
      info = Deno.statSync(parent);
    } catch (error) {
      throw new ScriptStoreError("inspect", { path: parent, cause: error });
    }
  }
  const problem = judgeBaseParent(info, options.uid);
  if (problem !== undefined) throw new UntrustedPathError(parent, problem);
  return true;
}

async function makeDirectory(path: string, options: { mode: number; uid: number }): Promise<void> {
  try {
    await makeDirectoryExactly(path, options);
  } catch (error) {
    throw changedOr(error, () => new ScriptStoreError("create directory", { path, cause: error }));
  }
}

/** A directory replaced under the charm's hands is untrusted; any other failure is `fallback`. */
function changedOr(error: unknown, fallback: () => ScriptStoreError): ScriptStoreError {
  if (!(error instanceof DirectoryChangedError)) return fallback();
  return new UntrustedPathError(error.path, {
    problem: error.problem,
    remedy: "someone else is changing it while the charm sets it up: find out who, remove " +
      "what they made, and the next hook makes it again",
  });
}

function loadDirectory(
  dir: string,
  names: readonly string[],
  uid: number,
): Omit<ScriptDirectory, "tightened"> {
  const wanted = new Set(names);
  const files: Partial<Record<string, ScriptFile>> = {};
  const leftovers: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (error) {
    throw new ScriptStoreError("read directory", { path: dir, cause: error });
  }
  for (const entry of entries) {
    if (isTemporaryName(entry.name)) {
      // Only files are ours: a directory with such a name is someone else's, left alone.
      if (!entry.isDirectory) leftovers.push(entry.name);
    } else if (wanted.has(entry.name)) {
      files[entry.name] = readScript(`${dir}/${entry.name}`, uid);
    }
  }
  return { files, leftovers: leftovers.sort() };
}

function readScript(path: string, uid: number): ScriptFile {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch (error) {
    throw new ScriptStoreError("read", { path, cause: error });
  }
  if (info.isDirectory) {
    throw new ScriptStoreError("read", {
      path,
      cause: new Error("a directory stands where a script goes: remove it"),
    });
  }
  const mode = (info.mode ?? 0) & 0o7777;
  // Look before opening: a link is never followed, and opening a FIFO would block.
  const untrusted = untrustedScript(info, uid);
  if (untrusted !== undefined) return { content: new Uint8Array(), mode, untrusted };
  try {
    return { content: Deno.readFileSync(path), mode };
  } catch (error) {
    throw new ScriptStoreError("read", { path, cause: error });
  }
}

/** Flush a directory, so a rename or removal in it survives a crash. */
function syncDirectory(dir: string): void {
  const handle = Deno.openSync(dir, { read: true });
  try {
    handle.syncSync();
  } finally {
    handle.close();
  }
}

async function writeScript(
  dir: string,
  script: { name: string; content: Uint8Array; mode: number },
): Promise<void> {
  const path = `${dir}/${script.name}`;
  const temporary = `${dir}/${temporaryName(script.name)}`;
  const { mode } = script;
  try {
    // Created with the final mode (the umask can only take bits away), so
    // nobody else can open it at any moment.
    const file = await Deno.open(temporary, { write: true, createNew: true, mode });
    try {
      // Set the mode exactly before any content is there.
      await Deno.chmod(temporary, mode);
      let written = 0;
      while (written < script.content.length) {
        written += await file.write(script.content.subarray(written));
      }
      await file.syncData();
    } finally {
      file.close();
    }
    // rename() replaces a link or a FIFO in the way; it never follows it.
    await Deno.rename(temporary, path);
    syncDirectory(dir);
  } catch (error) {
    try {
      Deno.removeSync(temporary);
    } catch {
      // Never made, or already renamed.
    }
    throw new ScriptStoreError("write", { path, cause: error });
  }
}

function removeFile(dir: string, name: string): void {
  const path = `${dir}/${name}`;
  try {
    Deno.removeSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw new ScriptStoreError("remove", { path, cause: error });
  }
  try {
    syncDirectory(dir);
  } catch (error) {
    throw new ScriptStoreError("flush", { path: dir, cause: error });
  }
}

/** Mode of a unit's marker: an empty file its owner can read and write. */
const MARKER_MODE = 0o600;

function claim(units: string, unit: string): boolean {
  const path = `${units}/${markerName(unit)}`;
  try {
    const info = Deno.lstatSync(path);
    if (info.isFile) return false;
    // Anything else in the way: a link is removed, never followed.
    Deno.removeSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ScriptStoreError("mark the unit in", { path, cause: error });
    }
  }
  try {
    Deno.openSync(path, { write: true, createNew: true, mode: MARKER_MODE }).close();
    // The mode given to open() is filtered by the umask (0000 under umask
    // 0777); set it exactly. The units directory is the charm's own, 0700.
    Deno.chmodSync(path, MARKER_MODE);
    syncDirectory(units);
  } catch (error) {
    throw new ScriptStoreError("mark the unit in", { path, cause: error });
  }
  return true;
}

function listNames(dir: string): string[] {
  try {
    return Array.from(Deno.readDirSync(dir), (entry) => entry.name);
  } catch (error) {
    throw new ScriptStoreError("read directory", { path: dir, cause: error });
  }
}

function removeAll(paths: { base: string; app: string }): Release {
  try {
    // Rust's remove_dir_all, which never follows a link inside.
    Deno.removeSync(paths.app, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ScriptStoreError("remove", { path: paths.app, cause: error });
    }
  }
  try {
    Deno.removeSync(paths.base);
  } catch {
    // Not empty (another application's files), absent, or not ours to remove.
  }
  return { appDir: paths.app, others: [] };
}
