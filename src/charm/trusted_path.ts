/**
 * Whether a directory or a script on the way from the base directory down to
 * a script can be trusted, decided from what `lstat` says, the way OpenSSH's
 * `StrictModes` decides for `~/.ssh`: a real directory (never a symbolic
 * link), owned by the charm's user, writable by nobody else.
 *
 * Pure: the functions here judge a {@link PathInfo}; `script_store.ts` does
 * the `lstat`, the repairs and the refusals.
 *
 * @module
 */

/** What `lstat` says about a path: the fields of `Deno.FileInfo` the judges read. */
export interface PathInfo {
  /** A regular file. */
  readonly isFile: boolean;
  /** A directory. */
  readonly isDirectory: boolean;
  /** A symbolic link (`lstat` does not follow it). */
  readonly isSymlink: boolean;
  /** The owner's user id; `null` where the platform has none. */
  readonly uid: number | null;
  /** The mode, type bits included; `null` where the platform has none. */
  readonly mode: number | null;
  /** How many names the file has; `null` where the platform has none. */
  readonly nlink: number | null;
}

/**
 * How private a directory must be: `base` (the base directory, which may stay
 * 0755) or `private` (the application's directories, 0700).
 */
export type DirectoryRole = "base" | "private";

/** Mode of a directory the charm creates, by role. */
export const DIRECTORY_MODES: Readonly<Record<DirectoryRole, number>> = {
  base: 0o755,
  private: 0o700,
};

/** Mode of a script the charm creates: read, write and run by its owner (root) only. */
export const SCRIPT_MODE = 0o700;

/** What to do about a directory. */
export type DirectoryVerdict =
  | { readonly kind: "trusted" }
  | { readonly kind: "tighten"; readonly mode: number }
  | { readonly kind: "refuse"; readonly problem: string; readonly remedy: string };

/**
 * Permission bits of a mode, as four octal digits.
 *
 * @param mode A mode, type bits allowed.
 * @returns E.g. `0755`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { octal } from "./trusted_path.ts";
 * assert.equal(octal(0o40755), "0755");
 * ```
 */
export function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

/**
 * Judge one directory on the trusted path.
 *
 * A symbolic link or a foreign owner is refused: the charm cannot tell whose
 * it is, so the operator must look. A directory of the charm's own that others
 * may write (or, for a private one, read) is tightened: only bits are taken
 * away, so a mode stricter than the charm's is never loosened.
 *
 * @param info What `lstat` says about the directory.
 * @param options The charm's user id and the directory's role.
 * @returns `trusted`, the mode to `tighten` it to, or why it is refused and
 * what the operator should do.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeDirectory } from "./trusted_path.ts";
 * const info = { isFile: false, isDirectory: true, isSymlink: false, uid: 0, nlink: 2 };
 * assert.deepEqual(judgeDirectory({ ...info, mode: 0o40755 }, { uid: 0, role: "private" }), {
 *   kind: "tighten",
 *   mode: 0o700,
 * });
 * assert.equal(judgeDirectory({ ...info, mode: 0o40500 }, { uid: 0, role: "private" }).kind, "trusted");
 * ```
 */
export function judgeDirectory(
  info: PathInfo,
  options: { uid: number; role: DirectoryRole },
): DirectoryVerdict {
  if (info.isSymlink) {
    return {
      kind: "refuse",
      problem: "is a symbolic link",
      remedy: "the charm never writes through a link: remove the link, and the next hook " +
        "creates the directory",
    };
  }
  if (!info.isDirectory) {
    return {
      kind: "refuse",
      problem: "is not a directory",
      remedy: "move it away, and the next hook creates the directory",
    };
  }
  if (info.uid !== options.uid) {
    return {
      kind: "refuse",
      problem: `is owned by uid ${
        info.uid ?? "unknown"
      }, not by the charm's user (uid ${options.uid})`,
      remedy: "whoever owns it could change the scripts root runs: check who made it, then " +
        `remove it or chown it to uid ${options.uid}`,
    };
  }
  const mode = (info.mode ?? 0) & 0o7777;
  const allowed = options.role === "base" ? 0o7755 : 0o0700;
  const tightened = mode & allowed;
  return tightened === mode ? { kind: "trusted" } : { kind: "tighten", mode: tightened };
}

/**
 * Judge the directory that holds the base directory (`/opt` in production),
 * as OpenSSH's `StrictModes` judges the parents of `~/.ssh`: whoever can
 * write to it can rename the base directory away and put their own in its
 * place between the charm's check and its write. So it must be a directory
 * owned by root or by the charm's user, that neither group nor others may
 * write, unless it is sticky (as `/tmp` is: then nobody but an entry's owner
 * can rename or remove it).
 *
 * @param info What `stat` says about the parent (a link to it is followed:
 * the directory it leads to is the one that holds the base).
 * @param uid The charm's user id.
 * @returns `undefined` when it is trusted, else the problem and the remedy.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeBaseParent } from "./trusted_path.ts";
 * const opt = { isFile: false, isDirectory: true, isSymlink: false, uid: 0, nlink: 3 };
 * assert.equal(judgeBaseParent({ ...opt, mode: 0o40755 }, 0), undefined);
 * assert.equal(judgeBaseParent({ ...opt, mode: 0o41777 }, 0), undefined);
 * assert.match(judgeBaseParent({ ...opt, mode: 0o40775 }, 0)?.problem ?? "", /mode 0775/);
 * ```
 */
export function judgeBaseParent(
  info: PathInfo,
  uid: number,
): { readonly problem: string; readonly remedy: string } | undefined {
  if (!info.isDirectory) {
    return { problem: "is not a directory", remedy: "the base directory cannot be made in it" };
  }
  if (info.uid !== 0 && info.uid !== uid) {
    return {
      problem: `is owned by uid ${info.uid ?? "unknown"}, neither root nor the charm's user, ` +
        "so its owner could replace the charm's base directory in it",
      remedy: "chown it to root, or check who made it",
    };
  }
  const mode = (info.mode ?? 0) & 0o7777;
  if ((mode & 0o022) !== 0 && (mode & 0o1000) === 0) {
    return {
      problem: `has mode ${octal(mode)}, so users other than its owner could replace ` +
        "the charm's base directory in it",
      remedy: "take away group and other write (chmod go-w), or make it sticky (chmod +t) as " +
        "/tmp is",
    };
  }
  return undefined;
}

/**
 * Whether a script file can be kept as it is (given the same content): a
 * regular file, not a link, owned by the charm's user, with one name only, a
 * mode that nobody but its owner can use, and its owner can run.
 *
 * @param info What `lstat` says about the script.
 * @param uid The charm's user id.
 * @returns `undefined` when it can be kept, else why it must be replaced, e.g.
 * `is a symbolic link`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { untrustedScript } from "./trusted_path.ts";
 * const file = { isFile: true, isDirectory: false, isSymlink: false, uid: 0, nlink: 1 };
 * assert.equal(untrustedScript({ ...file, mode: 0o100700 }, 0), undefined);
 * assert.equal(
 *   untrustedScript({ ...file, mode: 0o100755 }, 0),
 *   "has mode 0755, which lets others use it",
 * );
 * ```
 */
export function untrustedScript(info: PathInfo, uid: number): string | undefined {
  if (info.isSymlink) return "is a symbolic link";
  if (!info.isFile) return "is not a regular file";
  if (info.uid !== uid) return `is owned by uid ${info.uid ?? "unknown"}`;
  if (info.nlink !== null && info.nlink !== 1) return `has ${info.nlink} hard links`;
  const mode = (info.mode ?? 0) & 0o7777;
  if ((mode & ~0o700) !== 0) return `has mode ${octal(mode)}, which lets others use it`;
  if ((mode & 0o100) === 0) return `has mode ${octal(mode)}, which does not let its owner run it`;
  return undefined;
}

/**
 * The mode to write a script with: {@link SCRIPT_MODE}, or the mode of the
 * trusted file it replaces when that is stricter (say 0500), so an operator's
 * `chmod` is kept; its owner can always run it.
 *
 * @param current The mode of the trusted file being replaced, if any.
 * @returns Permission bits within 0700, owner-executable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scriptMode } from "./trusted_path.ts";
 * assert.equal(scriptMode(undefined), 0o700);
 * assert.equal(scriptMode(0o500), 0o500);
 * assert.equal(scriptMode(0o755), 0o700);
 * ```
 */
export function scriptMode(current: number | undefined): number {
  if (current === undefined) return SCRIPT_MODE;
  const kept = (current & 0o700) | 0o100;
  return (current & ~0o700) === 0 ? kept : SCRIPT_MODE;
}
