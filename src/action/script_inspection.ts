/**
 * A read-only look at the scripts directory for the `show-backup-config`
 * action: what each script file is (type, mode, size, owner) and the SHA-256
 * of its bytes, never the bytes themselves. Unlike the hooks' script store it
 * changes nothing: a directory mode that is too open is reported, not
 * tightened; a link is reported, never followed; a FIFO is never opened.
 *
 * @module
 */

import { parentDir } from "../charm/paths.ts";
import {
  type DirectoryRole,
  judgeDirectory,
  octal,
  untrustedScript,
} from "../charm/trusted_path.ts";

/** Files larger than this get no digest: an action must not read gigabytes. */
export const MAX_DIGEST_BYTES = 64 * 1024 * 1024;

/** One script file as it is on disk. */
export type InspectedFile =
  | { readonly state: "absent" }
  | {
    readonly state: "present";
    /** Permission bits. */
    readonly mode: number;
    /** Its size in bytes. */
    readonly size: number;
    /** The SHA-256 of its bytes in hex; absent for a link, a non-file or a file too large. */
    readonly sha256?: string;
    /** Why the hooks would replace it whatever its content (see `untrustedScript`). */
    readonly untrusted?: string;
  };

/** What {@link inspectScripts} found. */
export interface ScriptInspection {
  /** Each requested script by name. */
  readonly files: Readonly<Record<string, InspectedFile>>;
  /** A directory on the way that a hook would refuse or tighten, e.g. `/opt/x is a symbolic link`. */
  readonly directoryProblem?: string;
}

/**
 * The SHA-256 of some bytes, in lowercase hex.
 *
 * @param bytes The bytes.
 * @returns 64 hex digits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "./script_inspection.ts";
 * assert.equal(
 *   await sha256Hex(new TextEncoder().encode("abc")),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 * ```
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Look at the scripts of one application without changing anything.
 *
 * @param dir The scripts directory, `<base>/<app>/scripts`.
 * @param options The script names, and the user the files must belong to.
 * @returns Each script's state, and the first directory a hook would not accept as it is.
 * @throws {Deno.errors.PermissionDenied} (or another `Deno.errors` type) When a
 * path cannot be examined or a file cannot be read.
 */
export async function inspectScripts(
  dir: string,
  options: { names: readonly string[]; uid: number },
): Promise<ScriptInspection> {
  const absent: Record<string, InspectedFile> = Object.fromEntries(
    options.names.map((name) => [name, { state: "absent" }]),
  );
  const app = parentDir(dir);
  const chain: [string, DirectoryRole][] = [
    [parentDir(app), "base"],
    [app, "private"],
    [dir, "private"],
  ];
  for (const [path, role] of chain) {
    const info = lstatOrUndefined(path);
    if (info === undefined) return { files: absent };
    const verdict = judgeDirectory(info, { uid: options.uid, role });
    if (verdict.kind === "refuse") {
      return { files: absent, directoryProblem: `${path} ${verdict.problem}` };
    }
    if (verdict.kind === "tighten") {
      const problem = `${path} has mode ${octal(info.mode ?? 0)}; the next hook sets ` +
        octal(verdict.mode);
      return { files: await inspectFiles(dir, options), directoryProblem: problem };
    }
  }
  return { files: await inspectFiles(dir, options) };
}

async function inspectFiles(
  dir: string,
  options: { names: readonly string[]; uid: number },
): Promise<Record<string, InspectedFile>> {
  const files: Record<string, InspectedFile> = {};
  for (const name of options.names) {
    const path = `${dir}/${name}`;
    const info = lstatOrUndefined(path);
    if (info === undefined) {
      files[name] = { state: "absent" };
      continue;
    }
    const untrusted = untrustedScript(info, options.uid);
    const readable = info.isFile && info.size <= MAX_DIGEST_BYTES;
    files[name] = {
      state: "present",
      mode: (info.mode ?? 0) & 0o7777,
      size: info.size,
      ...(readable ? { sha256: await sha256Hex(Deno.readFileSync(path)) } : {}),
      ...(untrusted === undefined ? {} : { untrusted }),
    };
  }
  return files;
}

function lstatOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
