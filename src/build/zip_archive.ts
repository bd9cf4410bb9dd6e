/**
 * The zip writer for `.charm` files: entries at the root, deflated, sorted,
 * with Unix modes and one fixed time, so the same files give the same bytes.
 *
 * @module
 */

import { type ZipOptions, zipSync } from "fflate";

/** One file of a charm. */
export interface CharmFile {
  /** Its path inside the charm, `/`-separated, no leading `./` or `/`, e.g. `bin/backup-integrator`. */
  readonly path: string;
  /** Its bytes. */
  readonly data: Uint8Array;
  /** Its permission bits: `0o755` for executables, `0o644` for the rest. */
  readonly mode: number;
}

/** The "made by" host byte of a zip entry written on Unix. */
export const UNIX_HOST = 3;

/** The file-type bits of a regular file in a Unix `st_mode`. */
export const REGULAR_FILE = 0o100000;

/** Options for {@link zipArchive}. */
export interface ZipArchiveOptions {
  /** The time every entry carries; see {@link zipTime}. */
  readonly mtime: Date;
}

/**
 * Zip files into an archive: one entry per file (no directory entries),
 * sorted by path, deflated, each marked as made on Unix with its mode in the
 * external attributes (`(0o100000 | mode) << 16`) so unzip and Juju keep the
 * executable bits.
 *
 * @param files The files; paths must be unique and relative.
 * @param options The time written into every entry.
 * @returns The archive's bytes.
 * @throws {RangeError} When a path is empty, absolute, has an empty, `.` or `..`
 * segment or a backslash, is a number, appears twice, or a mode has bits outside `0o777`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zipArchive } from "./zip_archive.ts";
 * const bytes = zipArchive(
 *   [{ path: "a.txt", data: new TextEncoder().encode("a"), mode: 0o644 }],
 *   { mtime: new Date(1980, 0, 1) },
 * );
 * assert.ok(bytes[0] === 0x50 && bytes[1] === 0x4b);
 * ```
 */
export function zipArchive(files: readonly CharmFile[], options: ZipArchiveOptions): Uint8Array {
  const sorted = [...files].sort((a, b) => comparePaths(a.path, b.path));
  const entries: Record<string, [Uint8Array, ZipOptions & { os: number; attrs: number }]> = {};
  for (const file of sorted) {
    checkPath(file.path);
    if (Object.hasOwn(entries, file.path)) {
      throw new RangeError(`Cannot zip "${file.path}": the path appears twice`);
    }
    if ((file.mode & ~0o777) !== 0) {
      throw new RangeError(`Cannot zip "${file.path}": mode ${file.mode.toString(8)} is not 0-777`);
    }
    entries[file.path] = [file.data, {
      level: 6,
      mtime: options.mtime,
      os: UNIX_HOST,
      attrs: ((REGULAR_FILE | file.mode) << 16) >>> 0,
    }];
  }
  return zipSync(entries);
}

/**
 * The local-time `Date` whose calendar fields are a date's UTC fields: the zip
 * format stores wall-clock fields and fflate reads them in local time, so this
 * makes the stored fields the same in every time zone. Clamped to the years a
 * zip entry can hold (1980–2099).
 *
 * @param date A moment.
 * @returns The `Date` to pass as {@link ZipArchiveOptions.mtime}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zipTime } from "./zip_archive.ts";
 * assert.equal(zipTime(new Date(0)).getUTCFullYear(), 1980, "before 1980: the earliest a zip holds");
 * ```
 */
export function zipTime(date: Date): Date {
  const min = Date.UTC(1980, 0, 1);
  const max = Date.UTC(2099, 11, 31, 23, 59, 58);
  const utc = new Date(Math.min(Math.max(date.getTime(), min), max));
  const local = new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
  );
  if (local.getHours() === utc.getUTCHours() && local.getDate() === utc.getUTCDate()) return local;
  // The UTC wall-clock time falls in a daylight-saving gap here: noon never does.
  return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), 12);
}

function checkPath(path: string): void {
  const segments = path.split("/");
  if (
    path === "" || path.startsWith("/") || path.includes("\\") ||
    segments.some((s) => s === "" || s === "." || s === "..")
  ) {
    throw new RangeError(`Cannot zip "${path}": not a relative path of plain segments`);
  }
  // An object lists array-index keys first, which would undo the sort.
  if (/^(0|[1-9][0-9]*)$/.test(path)) {
    throw new RangeError(`Cannot zip "${path}": a path that is a number would not stay sorted`);
  }
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
