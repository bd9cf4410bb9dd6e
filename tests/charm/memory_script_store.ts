/**
 * An in-memory {@link ScriptStore} for reconcile tests: no filesystem, and
 * every operation recorded so a test can assert that nothing was rewritten.
 *
 * @module
 */

import {
  type ScriptFile,
  type ScriptStore,
  ScriptStoreError,
} from "../../src/charm/script_store.ts";

/** A store whose files and operations a test can inspect. */
export interface MemoryScriptStore extends ScriptStore {
  /** The files, by name. */
  readonly files: Map<string, ScriptFile>;
  /** Every write, removal and removeAll, in order, e.g. `write run-after-backup`. */
  readonly operations: string[];
  /** When set, every write fails with this reason. */
  failWrites?: string;
}

/**
 * Create an empty in-memory store.
 *
 * @param dir The directory it pretends to be.
 * @returns The store.
 */
export function createMemoryScriptStore(
  dir = "/opt/backup-integrator-charm/app/scripts",
): MemoryScriptStore {
  const files = new Map<string, ScriptFile>();
  const operations: string[] = [];
  const users = new Set<string>();
  const store: MemoryScriptStore = {
    dir,
    files,
    operations,
    load(names) {
      const found: Record<string, ScriptFile> = {};
      for (const name of names) {
        const file = files.get(name);
        if (file !== undefined) found[name] = file;
      }
      return Promise.resolve({ files: found, leftovers: [], tightened: [] });
    },
    write(name, content, mode) {
      if (store.failWrites !== undefined) {
        return Promise.reject(
          new ScriptStoreError("write", {
            path: `${dir}/${name}`,
            cause: new Error(store.failWrites),
          }),
        );
      }
      operations.push(`write ${name}`);
      files.set(name, { content: content.slice(), mode });
      return Promise.resolve();
    },
    remove(name) {
      if (files.delete(name)) operations.push(`remove ${name}`);
      return Promise.resolve();
    },
    claim(unit) {
      if (users.has(unit)) return Promise.resolve(false);
      users.add(unit);
      return Promise.resolve(true);
    },
    release(unit) {
      users.delete(unit);
      const appDir = dir.slice(0, dir.lastIndexOf("/"));
      if (users.size > 0) return Promise.resolve({ appDir, others: [...users].sort() });
      operations.push("removeAll");
      files.clear();
      return Promise.resolve({ appDir, others: [] });
    },
  };
  return store;
}
