/**
 * Text made safe for one log line and one command-line argument: every
 * control character escaped, so no newline can forge another log line, and
 * the length cut, so `juju-log` never fails with "Argument list too long".
 *
 * @module
 */

// What must never reach a status message or a log line raw: controls, format
// characters (zero-width, bidi), noncharacters, lone surrogates, whitespace
// other than the space, and the other characters that show as nothing or as
// a blank (the default-ignorables, the braille pattern blank U+2800).
const UNSHOWABLE =
  /[\p{Cc}\p{Cf}\p{Noncharacter_Code_Point}\p{Default_Ignorable_Code_Point}\p{Surrogate}\u2800]|(?! )\p{White_Space}/gu;

/**
 * Escape every character that does not show as itself: newline, carriage
 * return and tab as `\n`, `\r` and `\t`; every other control, format
 * character, noncharacter, lone surrogate, default-ignorable character, the
 * braille pattern blank and whitespace other than the space as `\uXXXX` (`\u{XXXXX}` above the BMP).
 * Everything else, a backslash included, stays as it is.
 *
 * @param text Any text.
 * @returns The text with those characters escaped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeUnshowable } from "./printable.ts";
 * assert.equal(escapeUnshowable("a\nb\u200b\u{1fffe}"), "a\\nb\\u200b\\u{1fffe}");
 * ```
 */
export function escapeUnshowable(text: string): string {
  return text.replace(UNSHOWABLE, (character) => {
    switch (character) {
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
    }
    const code = character.codePointAt(0) ?? 0;
    const hex = code.toString(16).padStart(4, "0");
    return code > 0xffff ? `\\u{${hex}}` : `\\u${hex}`;
  });
}

/**
 * Make text one printable line of bounded length, with
 * {@link escapeUnshowable}, after cutting it.
 *
 * @param text Any text.
 * @param maxLength The most characters of `text` kept; the rest is replaced
 * by `… (N more characters)`.
 * @returns One line, at most a few characters longer than `maxLength` plus
 * its escapes (each at most ten characters).
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
  return escapeUnshowable(cut);
}

/**
 * An error as one line of a log: its message, after its class name unless
 * that is plain `Error` (`HookToolError: …`, `NotFound: …`); anything thrown
 * that is not an `Error`, as a string.
 *
 * @param error Whatever was thrown.
 * @returns The text, not yet escaped or cut (see {@link printable}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeError } from "./printable.ts";
 * assert.equal(describeError(new Error("boom")), "boom");
 * assert.equal(describeError(new TypeError("bad")), "TypeError: bad");
 * assert.equal(describeError(7), "7");
 * ```
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.name === "Error" ? error.message : `${error.name}: ${error.message}`;
  }
  return String(error);
}
