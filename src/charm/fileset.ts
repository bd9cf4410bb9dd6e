/**
 * The `fileset` config option: a comma-separated list of absolute,
 * normalized POSIX paths.
 *
 * Stricter than the provider, on purpose: the backup server writes these
 * paths into its own configuration, so a control character (a newline
 * above all) would let a config value inject directives there, and so would
 * a character that Bacula's configuration syntax reserves (a quote, a
 * backslash, a comment, a statement end or a brace). A path that is not
 * normalized names the same file twice or escapes its parent.
 *
 * @module
 */

/** Longest path accepted, in UTF-8 bytes (Linux `PATH_MAX`). */
export const MAX_PATH_BYTES = 4096;

/** A fileset that breaks a rule: the offending value and the rule, in words. */
export interface FilesetProblem {
  /** The entry (or whole value) at fault, trimmed. */
  readonly value: string;
  /** What is wrong with it, e.g. `is not an absolute path`. */
  readonly rule: string;
}

/** The result of {@link parseFileset}. */
export type FilesetResult =
  | { readonly ok: true; readonly paths: readonly string[] }
  | { readonly ok: false; readonly problem: FilesetProblem };

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

/**
 * Characters Bacula's configuration syntax reserves: `"` ends a quoted
 * string, `\` escapes, `#` starts a comment, `;` ends a statement, and braces
 * open and close a resource. Refused whether the server quotes paths or not.
 */
export const RESERVED_CHARACTERS = ['"', "\\", "#", ";", "{", "}"] as const;

/**
 * Check one trimmed, non-empty entry.
 *
 * @param path The entry.
 * @returns The rule it breaks, or `undefined` when it is a valid path.
 */
export function checkFilesetPath(path: string): string | undefined {
  if (!path.isWellFormed()) return "is not valid Unicode";
  const control = CONTROL_CHARACTER.exec(path);
  if (control !== null) {
    const code = control[0].codePointAt(0) ?? 0;
    return `contains a control character (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
  }
  const reserved = RESERVED_CHARACTERS.find((character) => path.includes(character));
  if (reserved !== undefined) {
    return `contains ${JSON.stringify(reserved)}, which the backup server's configuration reserves`;
  }
  if (new TextEncoder().encode(path).length > MAX_PATH_BYTES) {
    return `is longer than ${MAX_PATH_BYTES} bytes`;
  }
  if (!path.startsWith("/")) return "is not an absolute path";
  if (path === "/") return undefined;
  if (path.includes("//")) return 'is not normalized: it contains "//"';
  if (path.endsWith("/")) return 'is not normalized: it ends with "/"';
  for (const segment of path.slice(1).split("/")) {
    if (segment === "." || segment === "..") {
      return `is not normalized: it contains a "${segment}" segment`;
    }
  }
  return undefined;
}

/**
 * Parse the `fileset` option: split on commas, trim each entry, ignore empty
 * entries, drop duplicates (the first one stays), and check every entry.
 *
 * @param value The option's value; it must hold at least one entry.
 * @returns The paths in order, or the first problem found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFileset } from "./fileset.ts";
 * const result = parseFileset(" /var/backups, ,/etc,/var/backups");
 * assert.ok(result.ok && result.paths.join(",") === "/var/backups,/etc");
 * ```
 */
export function parseFileset(value: string): FilesetResult {
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const raw of value.split(",")) {
    const path = raw.trim();
    if (path === "" || seen.has(path)) continue;
    const rule = checkFilesetPath(path);
    if (rule !== undefined) return { ok: false, problem: { value: path, rule } };
    seen.add(path);
    paths.push(path);
  }
  if (paths.length === 0) return { ok: false, problem: { value, rule: "lists no path" } };
  return { ok: true, paths };
}
