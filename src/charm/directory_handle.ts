/**
 * Making a directory and setting its mode without ever following a link:
 * `mkdir` (which fails on anything in the way, a link included), `lstat`,
 * then `open` with `O_NOFOLLOW | O_DIRECTORY`, `fstat` to check that the
 * handle is the directory just seen (same device and inode, a directory,
 * owned by the charm's user), and `fchmod` through that handle. Whoever swaps
 * the path for a link or another directory in between gets a refusal, never
 * a `chmod` of their target.
 *
 * Deno has no `openat`, `O_NOFOLLOW` or `fchmod` of its own; `node:fs` has
 * them, and is loaded only when a directory is made or repaired (about 40 ms,
 * once per machine), never on a hook that finds everything in place.
 *
 * @module
 */

type NodeFs = typeof import("node:fs");

let nodeFs: Promise<NodeFs> | undefined;

/** A directory is not the one the charm just made or inspected: it was replaced. */
export class DirectoryChangedError extends Error {
  /** The directory. */
  readonly path: string;
  /** What the charm found instead, e.g. `is not a directory any more`. */
  readonly problem: string;

  /**
   * Describe a replaced directory.
   *
   * @param path The directory.
   * @param problem What is wrong with it now.
   */
  constructor(path: string, problem: string) {
    super(`"${path}" ${problem}`);
    this.name = "DirectoryChangedError";
    this.path = path;
    this.problem = problem;
  }
}

/** Who a directory is, as `lstat` saw it. */
export interface DirectoryIdentity {
  /** The device it is on. */
  readonly dev: number;
  /** Its inode number. */
  readonly ino: number | null;
  /** The owner it must have. */
  readonly uid: number;
}

/**
 * Set a directory's mode through a handle opened without following a link
 * and checked to be the directory identified.
 *
 * @param path The directory.
 * @param options The identity `lstat` gave, and the mode to set.
 * @throws {DirectoryChangedError} When the path is now a link, not a
 * directory, or another directory.
 * @throws {Error} When the directory cannot be opened or changed.
 */
export async function setModeThroughHandle(
  path: string,
  options: { identity: DirectoryIdentity; mode: number },
): Promise<void> {
  const fs = await (nodeFs ??= import("node:fs"));
  const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOTDIR" || code === "ELOOP") {
      throw new DirectoryChangedError(path, "is not a directory any more (a link or a file)");
    }
    throw error;
  }
  try {
    const found = fs.fstatSync(fd);
    const { identity } = options;
    if (
      !found.isDirectory() || found.dev !== identity.dev || found.ino !== identity.ino ||
      found.uid !== identity.uid
    ) {
      throw new DirectoryChangedError(path, "was replaced by another directory");
    }
    fs.fchmodSync(fd, options.mode);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Make one directory (its parent must exist) and set its mode exactly,
 * whatever the umask, without following a link at any step.
 *
 * @param path The directory to make.
 * @param options The mode, and the user it must belong to.
 * @throws {DirectoryChangedError} When something replaced it before its mode was set.
 * @throws {Error} When `mkdir` fails (`AlreadyExists` if anything, a link
 * included, is in the way).
 */
export async function makeDirectoryExactly(
  path: string,
  options: { mode: number; uid: number },
): Promise<void> {
  Deno.mkdirSync(path, { mode: options.mode });
  const info = Deno.lstatSync(path);
  if (!info.isDirectory || info.uid !== options.uid) {
    throw new DirectoryChangedError(path, "was replaced right after the charm made it");
  }
  if (((info.mode ?? 0) & 0o500) !== 0o500) {
    // Under a umask such as 0777 the owner may not open what it just made.
    // Root always may, so only another user gets here, and the kernel lets
    // that user change the mode of its own files alone: by path is safe.
    Deno.chmodSync(path, 0o700);
  }
  await setModeThroughHandle(path, {
    identity: { dev: info.dev, ino: info.ino, uid: options.uid },
    mode: options.mode,
  });
}
