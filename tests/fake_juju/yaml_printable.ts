/**
 * The characters Juju's YAML layer (go-yaml, a port of libyaml) lets into a
 * stream: YAML 1.1's printable set. Any other character in what
 * `relation-set --file` reads makes go-yaml fail with
 * `yaml: control characters are not allowed`, before any value is parsed,
 * escapes or not.
 *
 * @module
 */

/** go-yaml's message for a character outside the printable set. */
export const YAML_UNPRINTABLE_MESSAGE = "yaml: control characters are not allowed";

/**
 * Whether go-yaml's reader accepts one code point: tab, line feed, carriage
 * return, U+0020 to U+007E, NEL (U+0085), U+00A0 to U+D7FF, U+E000 to
 * U+FFFD, and U+10000 to U+10FFFF.
 *
 * @param code A code point.
 * @returns `true` when the code point may appear in a YAML stream.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isYamlPrintable } from "./yaml_printable.ts";
 * assert.equal(isYamlPrintable(0xfffd), true);
 * assert.equal(isYamlPrintable(0xffff), false);
 * ```
 */
export function isYamlPrintable(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d ||
    (code >= 0x20 && code <= 0x7e) || code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
}

/**
 * The first character of `text` that go-yaml refuses; a lone surrogate
 * counts, as it cannot be encoded in UTF-8.
 *
 * @param text What a hook tool would read.
 * @returns The offending character's code point, or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { firstYamlUnprintable } from "./yaml_printable.ts";
 * assert.equal(firstYamlUnprintable('{"fileset":"/srv/\uffff"}'), 0xffff);
 * assert.equal(firstYamlUnprintable('{"fileset":"/srv/\\uffff"}'), undefined);
 * ```
 */
export function firstYamlUnprintable(text: string): number | undefined {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (!isYamlPrintable(code)) return code;
  }
  return undefined;
}
