/**
 * The charm's files on the machine: one directory of scripts per application.
 *
 * The reconcile talks to a {@link ScriptStore}; production passes
 * {@link createScriptStore}, tests an in-memory one. Writes are atomic: the
 * content goes to a temporary file in the same directory, is flushed to disk,
 * given mode 0755 and renamed over the old file, so no reader ever sees a
 * partial script. A temporary file left by a killed process is found by the
 * next run's {@link ScriptStore.load} and removed.
 *
 * Reads are synchronous: a hook reads a handful of small files once, and
 * Deno's asynchronous file operations cost more in thread hand-offs (and an
 * error object per absent file) than the reads themselves.
 *
 * @module
 */

/** A script as it is on disk. */
export interface ScriptFile {
  /** The exact bytes. */
  readonly content: Uint8Array;
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number;
}

/** Mode of every script file: owner writes, everyone reads and executes. */
export const SCRIPT_MODE = 0o755;

/** Mode of the directories the charm creates. */
export const DIRECTORY_MODE = 0o755;

/** What {@link ScriptStore.load} found. */
export interface ScriptDirectory {
  /** The requested scripts that exist, by name. */
  readonly files: Readonly<Partial<Record<string, ScriptFile>>>;
  /** Temporary files left by interrupted writes, sorted. */
  readonly leftovers: readonly string[];
}

/** The scripts directory of one application. */
export interface ScriptStore {
  /** Absolute path of the scripts directory. */
  readonly dir: string;
  /**
   * List the directory once and read the named scripts that exist. A missing
   * directory holds nothing; a dangling symlink counts as no file.
   *
   * @param names The script names to read; other files are left alone.
   * @returns The scripts found, and the temporary files of interrupted writes.
   * @throws {ScriptStoreError} When the directory or a script cannot be read,
   * or a named entry is not a regular file (a FIFO would block the reader).
   */
  load(names: readonly string[]): Promise<ScriptDirectory>;
  /**
   * Replace a script atomically with mode 0755, creating the directory if needed.
   *
   * @param name The file name.
   * @param content The exact bytes.
   * @throws {ScriptStoreError} When any step fails; no temporary file is left.
   */
  write(name: string, content: Uint8Array): Promise<void>;
  /**
   * Remove a script or a leftover temporary file; nothing happens when there is none.
   *
   * @param name The file name.
   * @throws {ScriptStoreError} When removal fails.
   */
  remove(name: string): Promise<void>;
  /**
   * Remove the application's directory (`dir`'s parent) and everything in it,
   * then the base directory above it if that is left empty.
   *
   * @returns The application directory removed.
   * @throws {ScriptStoreError} When removal fails.
   */
  removeAll(): Promise<string>;
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

const TEMPORARY_MARK = ".tmp-";

/**
 * Whether a directory entry is a temporary file of an interrupted write.
 *
 * @param name A file name in the scripts directory.
 * @returns `true` for names like `.run-after-backup.tmp-1a2b3c`.
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

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/**
 * The production store, on the real filesystem.
 *
 * @param dir Absolute path of the scripts directory, `<base>/<app>/scripts`.
 * @returns A store for that directory.
 */
export function createScriptStore(dir: string): ScriptStore {
  return {
    dir,
    load: (names) => Promise.resolve().then(() => loadDirectory(dir, names)),
    write: (name, content) => writeScript(dir, { name, content }),
    remove: (name) => removeIfPresent(`${dir}/${name}`, { recursive: false }),
    removeAll: () => removeAll(dir),
  };
}

function loadDirectory(dir: string, names: readonly string[]): ScriptDirectory {
  const wanted = new Set(names);
  const files: Partial<Record<string, ScriptFile>> = {};
  const leftovers: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { files, leftovers };
    throw new ScriptStoreError("read directory", { path: dir, cause: error });
  }
  for (const entry of entries) {
    if (isTemporaryName(entry.name)) {
      leftovers.push(entry.name);
    } else if (wanted.has(entry.name)) {
      const file = readScript(`${dir}/${entry.name}`);
      if (file !== undefined) files[entry.name] = file;
    }
  }
  return { files, leftovers: leftovers.sort() };
}

function readScript(path: string): ScriptFile | undefined {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new ScriptStoreError("read", { path, cause: error });
  }
  // Look before opening: opening a FIFO for reading blocks until a writer comes.
  if (!info.isFile) {
    throw new ScriptStoreError("read", { path, cause: new Error("not a regular file") });
  }
  try {
    return { content: Deno.readFileSync(path), mode: (info.mode ?? 0) & 0o7777 };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new ScriptStoreError("read", { path, cause: error });
  }
}

async function makeDirectory(path: string): Promise<void> {
  try {
    await Deno.mkdir(path, { recursive: true, mode: DIRECTORY_MODE });
  } catch (error) {
    throw new ScriptStoreError("create directory", { path, cause: error });
  }
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw new ScriptStoreError("create directory", { path, cause: error });
  }
  if (!info.isDirectory) {
    throw new ScriptStoreError("create directory", {
      path,
      cause: new Error("a file that is not a directory stands there"),
    });
  }
}

async function writeScript(
  dir: string,
  script: { name: string; content: Uint8Array },
): Promise<void> {
  await makeDirectory(dir);
  const path = `${dir}/${script.name}`;
  const temporary = `${dir}/${temporaryName(script.name)}`;
  try {
    const file = await Deno.open(temporary, { write: true, createNew: true, mode: SCRIPT_MODE });
    try {
      let written = 0;
      while (written < script.content.length) {
        written += await file.write(script.content.subarray(written));
      }
      await file.syncData();
    } finally {
      file.close();
    }
    // The mode given to open() is filtered by the umask; set it exactly.
    await Deno.chmod(temporary, SCRIPT_MODE);
    await Deno.rename(temporary, path);
  } catch (error) {
    await removeIfPresent(temporary, { recursive: false }).catch(() => {});
    throw new ScriptStoreError("write", { path, cause: error });
  }
}

async function removeIfPresent(path: string, options: { recursive: boolean }): Promise<void> {
  try {
    await Deno.remove(path, options);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw new ScriptStoreError("remove", { path, cause: error });
  }
}

async function removeAll(dir: string): Promise<string> {
  const app = parentOf(dir);
  await removeIfPresent(app, { recursive: true });
  const base = parentOf(app);
  try {
    await Deno.remove(base);
  } catch {
    // Not empty (another application's scripts), absent, or not ours to remove.
  }
  return app;
}
