/**
 * Output formats of the fake hook tools, as Juju's `--format` flag gives
 * them: `json` (compact, keys sorted as Go sorts map keys, then a newline),
 * `yaml`, and `smart`, the default.
 *
 * Private to the fake: the leading underscore says so.
 *
 * @module
 */

import { stringify } from "yaml";
import { goQuote, UsageError } from "./_flags.ts";

/** An output format a tool accepts. */
export type OutputFormat = "json" | "yaml" | "smart";

/** A value a tool prints: what JSON can hold. */
export type OutputValue =
  | null
  | boolean
  | number
  | string
  | readonly OutputValue[]
  | { readonly [key: string]: OutputValue };

/**
 * Read the `--format` flag's value.
 *
 * @param value The flag's value, or `undefined` when not given.
 * @returns The format; `smart` by default.
 * @throws {UsageError} For a format Juju does not know.
 */
export function readFormat(value: string | boolean | undefined): OutputFormat {
  if (value === undefined) return "smart";
  if (value === "json" || value === "yaml" || value === "smart") return value;
  throw new UsageError(
    `invalid value ${goQuote(String(value))} for option --format: unknown format ${
      goQuote(String(value))
    }`,
  );
}

/**
 * Render a value as a tool prints it on stdout.
 *
 * @param value The value.
 * @param format The output format.
 * @returns The text, ending with a newline unless it is empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatOutput } from "./_format.ts";
 * assert.equal(formatOutput({ b: "2", a: "1" }, "json"), '{"a":"1","b":"2"}\n');
 * assert.equal(formatOutput(true, "smart"), "True\n");
 * ```
 */
export function formatOutput(value: OutputValue, format: OutputFormat): string {
  const sorted = sortKeys(value);
  switch (format) {
    case "json":
      return `${JSON.stringify(sorted)}\n`;
    case "yaml":
      return value === null ? "" : stringify(sorted);
    case "smart":
      return formatSmart(sorted);
  }
}

function formatSmart(value: OutputValue): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "True\n" : "False\n";
  if (typeof value === "string" || typeof value === "number") return `${value}\n`;
  if (Array.isArray(value)) {
    return value.map((item: OutputValue) => formatSmart(item).replace(/\n$/, "")).join("\n") +
      (value.length === 0 ? "" : "\n");
  }
  return Object.keys(value).length === 0 ? "" : stringify(value);
}

function sortKeys(value: OutputValue): OutputValue {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  const record = value as { readonly [key: string]: OutputValue };
  const sorted: { [key: string]: OutputValue } = {};
  for (const key of Object.keys(record).sort()) {
    sorted[key] = sortKeys(record[key] as OutputValue);
  }
  return sorted;
}
