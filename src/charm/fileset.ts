/**
 * The `fileset` config option: a comma-separated list of absolute,
 * normalized POSIX paths that the backup server can take as they are.
 *
 * Stricter than the provider, on purpose: bacula-server writes each path
 * unquoted into its Director configuration, one `File = <path>` line per
 * path. Bacula's lexer ends an unquoted value at ASCII whitespace and at
 * `#` `,` `;` `=` `\` `{` `}`, and what follows can start another token: an
 * `@file` include or an `@|program` the Director runs when it loads its
 * configuration. A quoted rendering (`File = "<path>"`) breaks on `"` and `\`
 * instead. Every character that breaks either rendering, as Bacula's own
 * parser (`bdirjson`) shows, is refused; so is every Unicode whitespace
 * character, every invisible format character and every other character
 * that shows as nothing or as a blank (two different paths would look the
 * same), every noncharacter and everything else Juju's YAML layer
 * cannot carry. A path that is not normalized names the same file twice or
 * escapes its parent.
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

// C0 and C1 controls and DEL: everything YAML cannot carry below U+00A0 but
// tab, newline, carriage return and NEL, which are refused here too.
const CONTROL_CHARACTER = /\p{Cc}/u;
// U+FDD0 to U+FDEF and the last two code points of every plane; Juju's YAML
// layer refuses U+FFFE and U+FFFF outright.
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
// Zero-width characters, bidi marks and overrides, the BOM, soft hyphen…
const FORMAT_CHARACTER = /\p{Cf}/u;
// Space, no-break space, the line and paragraph separators, U+3000…
const WHITESPACE = /\p{White_Space}/u;
// What shows as nothing or as a blank without being whitespace or a format
// character: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the
// combining grapheme joiner (U+034F), the variation selectors, the Mongolian
// free variation selectors, unassigned default-ignorables, and the braille
// pattern blank U+2800 (a symbol that is drawn as an empty cell).
const BLANK_CHARACTER = /[\p{Default_Ignorable_Code_Point}\u2800]/u;

/**
 * Characters Bacula's configuration syntax reserves: `"` ends a quoted
 * string, `\` escapes, `#` starts a comment, `;` ends a statement, braces
 * open and close a resource, and `=` ends an unquoted value so that what
 * follows it starts a new token (such as an `@` include). Refused because
 * either the unquoted or the quoted `File =` line breaks on each of them.
 */
export const RESERVED_CHARACTERS = ['"', "\\", "#", ";", "{", "}", "="] as const;

/**
 * Name a character by its code point.
 *
 * @param character One character (its first code point is named).
 * @returns `U+` and at least four upper-case hex digits, e.g. `U+000A`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codePoint } from "./fileset.ts";
 * assert.equal(codePoint("\u{1FFFF}"), "U+1FFFF");
 * ```
 */
export function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Check one trimmed, non-empty entry.
 *
 * @param path The entry.
 * @returns The rule it breaks, or `undefined` when it is a valid path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkFilesetPath } from "./fileset.ts";
 * assert.equal(checkFilesetPath("/var/backups"), undefined);
 * assert.equal(checkFilesetPath("/var/backups/"), 'is not normalized: it ends with "/"');
 * ```
 */
export function checkFilesetPath(path: string): string | undefined {
  if (!path.isWellFormed()) return "is not valid Unicode";
  const control = CONTROL_CHARACTER.exec(path);
  if (control !== null) return `contains a control character (${codePoint(control[0])})`;
  const noncharacter = NONCHARACTER.exec(path);
  if (noncharacter !== null) {
    return `contains a Unicode noncharacter (${codePoint(noncharacter[0])})`;
  }
  const format = FORMAT_CHARACTER.exec(path);
  if (format !== null) {
    return `contains an invisible format character (${
      codePoint(format[0])
    }), which makes different paths look the same`;
  }
  const blank = BLANK_CHARACTER.exec(path);
  if (blank !== null) {
    return `contains an invisible or blank character (${
      codePoint(blank[0])
    }), which makes different paths look the same`;
  }
  const whitespace = WHITESPACE.exec(path);
  if (whitespace !== null) {
    return `contains whitespace (${
      codePoint(whitespace[0])
    }), which the backup server cannot take in a path`;
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
