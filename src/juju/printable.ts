/**
 * Text made safe for one log line and one command-line argument: every
 * control character escaped, so no newline can forge another log line, and
 * the length cut, so `juju-log` never fails with "Argument list too long".
 *
 * @module
 */

/**
 * Escape control characters and cut to a length.
 *
 * Newline, carriage return and tab show as `\n`, `\r` and `\t`; every other
 * C0 or C1 control character, DEL and the Unicode line and paragraph
 * separators as `\uXXXX`. A backslash stays as it is.
 *
 * @param text Any text.
 * @param maxLength The most characters of `text` kept; the rest is replaced
 * by `… (N more characters)`.
 * @returns One line, at most a few characters longer than `maxLength` plus
 * its escapes (each at most six characters).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printable } from "./printable.ts";
 * assert.equal(printable("ERROR a\nERROR b", 100), "ERROR a\\nERROR b");
 * assert.equal(printable("abcdef", 3), "abc… (3 more characters)");
 * ```
 */
export function printable(text: string, maxLength: number): string {
  const cut = text.length > maxLength
    ? `${text.slice(0, maxLength).toWellFormed()}… (${text.length - maxLength} more characters)`
    : text;
  return cut.replace(/[\p{Cc}\u2028\u2029]/gu, (character) => {
    switch (character) {
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
    }
  });
}
