/**
 * The Python charm's leftovers. The Python backup-integrator wrote each
 * script, mode 0755, to `<base>/<unit name with / as ->/scripts/<option>`
 * (`backup-integrator-0/scripts/run-before-backup`), in directories anyone
 * could read, and never removed them; a script may hold a password.
 *
 * After a refresh to this charm, every reconcile makes each such directory of
 * this application private (mode 0700, the bits of others taken away), so
 * nobody but root can read what is inside; root, which the backup agent runs
 * as, still can. They are not removed: until this charm's leader has
 * published its own paths (it has not while its config is invalid, or while
 * its hook fails), the relation data still names them and bacula-fd still
 * runs them.
 *
 * What is never touched: a symbolic link or anything not owned by the charm's
 * user (refused as `trusted_path.ts` refuses them, with a warning in the log),
 * and a directory holding `units/`, which is an application directory of this
 * charm (`<base>/<app>/units/`), not a Python leftover. Juju's application
 * names cannot end in `-<number>`, so no application directory should match
 * at all; the check holds even if one does.
 *
 * This module decides, purely ({@link planLegacyDirs}); a {@link LegacyStore}
 * (`legacy_store.ts` in production) looks and acts.
 *
 * @module
 */

import { judgeDirectory, octal, type PathInfo } from "./trusted_path.ts";

/** One entry of the base directory named like a Python per-unit directory. */
export interface LegacyDir {
  /** Its name in the base directory, e.g. `backup-integrator-0`. */
  readonly name: string;
  /** What `lstat` says about it. */
  readonly info: PathInfo;
  /** Whether it holds `units/`: an application directory of this charm, never touched. */
  readonly marked: boolean;
}

/** What {@link scanLegacyDirs} found. */
export interface LegacyScan {
  /** The base directory. */
  readonly base: string;
  /** The charm's user, whom the directories must belong to. */
  readonly uid: number;
  /** The entries found, sorted by name. */
  readonly dirs: readonly LegacyDir[];
}

/** The Python charm's per-unit directories of one application, on this machine. */
export interface LegacyStore {
  /**
   * Find the entries of the base directory named like them, without
   * following a link.
   *
   * @returns What was found; nothing when the base directory is missing.
   * @throws {ScriptStoreError} When the base directory cannot be read.
   */
  scan(): Promise<LegacyScan>;
  /** The base directory, for a log line when {@link LegacyStore.scan} fails. */
  readonly base: string;
  /**
   * Set the mode of one of them, checked first and after.
   *
   * @param name Its name in the base directory.
   * @param mode The new mode.
   * @throws {UntrustedPathError} When it, or the base directory, is refused now.
   * @throws {DirectoryChangedError} When it was replaced after it was judged.
   * @throws {ScriptStoreError} When the mode cannot be set.
   */
  tighten(name: string, mode: number): Promise<void>;
}

/** A directory to make private. */
export interface LegacyTighten {
  /** Its name in the base directory. */
  readonly name: string;
  /** Its path, for a log line. */
  readonly path: string;
  /** The new mode. */
  readonly mode: number;
  /** The `INFO` line to log once it is done. */
  readonly done: string;
}

/** What to do about the leftovers. */
export interface LegacyPlan {
  /** Directories to make private, each with the line to log once done. */
  readonly tighten: readonly LegacyTighten[];
  /** Log lines: what is left alone and why (`WARNING`). */
  readonly logs: readonly { readonly level: "WARNING"; readonly message: string }[];
}

/**
 * Whether a name in the base directory is a Python per-unit directory of an
 * application: `<app>-<unit number>`.
 *
 * @param name An entry of the base directory.
 * @param app The application name.
 * @returns `true` for e.g. `backup-integrator-0` when `app` is `backup-integrator`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLegacyName } from "./legacy_dirs.ts";
 * assert.ok(isLegacyName("backup-integrator-12", "backup-integrator"));
 * assert.ok(!isLegacyName("backup-integrator", "backup-integrator"));
 * assert.ok(!isLegacyName("backup-integrator-01", "backup-integrator"));
 * assert.ok(!isLegacyName("other-0", "backup-integrator"));
 * ```
 */
export function isLegacyName(name: string, app: string): boolean {
  if (!name.startsWith(`${app}-`)) return false;
  return /^(?:0|[1-9][0-9]*)$/.test(name.slice(app.length + 1));
}

/**
 * Decide what to do about the leftovers found, purely.
 *
 * @param scan What {@link scanLegacyDirs} found.
 * @returns The directories to make private, each with its line, and the
 * warnings about those left alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planLegacyDirs } from "./legacy_dirs.ts";
 * const info = { isFile: false, isDirectory: true, isSymlink: false, uid: 0, nlink: 3 };
 * const plan = planLegacyDirs({
 *   base: "/opt/b",
 *   uid: 0,
 *   dirs: [{ name: "app-0", info: { ...info, mode: 0o40755 }, marked: false }],
 * });
 * assert.deepEqual(plan.tighten.map(({ name, mode }) => ({ name, mode })), [
 *   { name: "app-0", mode: 0o700 },
 * ]);
 * ```
 */
export function planLegacyDirs(scan: LegacyScan): LegacyPlan {
  const tighten: LegacyTighten[] = [];
  const logs: { level: "WARNING"; message: string }[] = [];
  for (const dir of scan.dirs) {
    if (dir.marked) continue;
    const path = `${scan.base}/${dir.name}`;
    const verdict = judgeDirectory(dir.info, { uid: scan.uid, role: "private" });
    if (verdict.kind === "tighten") {
      tighten.push({
        name: dir.name,
        path,
        mode: verdict.mode,
        done: `tightened the mode of ${path} from ${octal(dir.info.mode ?? 0)} to ${
          octal(verdict.mode)
        }: the Python charm's scripts in it may hold secrets`,
      });
    } else if (verdict.kind === "refuse") {
      logs.push({
        level: "WARNING",
        message: `left ${path} alone, though it is named like a directory of the Python ` +
          `charm: it ${verdict.problem}`,
      });
    }
  }
  return { tighten, logs };
}
