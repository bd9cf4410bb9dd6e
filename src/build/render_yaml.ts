/**
 * The one YAML writer of the build, so every generated file reads the same
 * way and parses the same way in Juju (whose YAML is 1.1: an unquoted `24.04`
 * is a float and an unquoted `yes` a boolean).
 *
 * @module
 */

import { stringify } from "yaml";

/**
 * Render a value as a YAML document the way PyYAML's `safe_dump` (which
 * charmcraft uses) would: keys sorted, strings quoted with `'` wherever YAML
 * 1.1 would read them as something else, multi-line strings as `|` blocks, no
 * line folding.
 *
 * @param value A plain object of strings, numbers, booleans, arrays and objects.
 * @returns The YAML text, ending with a newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderYaml } from "./render_yaml.ts";
 * assert.ok(renderYaml({ channel: "24.04" }) === "channel: '24.04'\n");
 * ```
 */
export function renderYaml(value: unknown): string {
  return stringify(value, {
    version: "1.1",
    sortMapEntries: true,
    singleQuote: true,
    lineWidth: 0,
    indentSeq: true,
  });
}
