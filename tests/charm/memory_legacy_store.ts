/**
 * An in-memory {@link LegacyStore} for reconcile tests: directories by name,
 * each with its `lstat` facts, and every `tighten` recorded.
 *
 * @module
 */

import type { LegacyDir, LegacyStore } from "../../src/charm/legacy_dirs.ts";

/** A store whose directories and operations a test can inspect. */
export interface MemoryLegacyStore extends LegacyStore {
  /** The entries of the base directory named like leftovers, by name. */
  readonly dirs: Map<string, LegacyDir>;
  /** Every tighten, in order, e.g. `tighten backup-integrator-0 0700`. */
  readonly operations: string[];
}

/** A Python per-unit directory as the Python charm left it: root's, mode 0755. */
export function pythonDir(name: string, mode = 0o755): LegacyDir {
  return {
    name,
    info: { isFile: false, isDirectory: true, isSymlink: false, uid: 0, nlink: 3, mode },
    marked: false,
  };
}

/**
 * Create a store with the given directories.
 *
 * @param base The base directory it pretends to be.
 * @param dirs Its entries.
 * @returns The store; the charm's user is uid 0.
 */
export function createMemoryLegacyStore(
  base: string,
  dirs: readonly LegacyDir[] = [],
): MemoryLegacyStore {
  const store: MemoryLegacyStore = {
    dirs: new Map(dirs.map((dir) => [dir.name, dir])),
    operations: [],
    base,
    scan: () =>
      Promise.resolve({
        base,
        uid: 0,
        dirs: [...store.dirs.values()].sort((a, b) => a.name < b.name ? -1 : 1),
      }),
    tighten(name, mode) {
      const dir = store.dirs.get(name);
      if (dir === undefined) return Promise.reject(new Error(`no ${name}`));
      store.operations.push(`tighten ${name} ${mode.toString(8).padStart(4, "0")}`);
      store.dirs.set(name, { ...dir, info: { ...dir.info, mode: 0o40000 | mode } });
      return Promise.resolve();
    },
  };
  return store;
}
