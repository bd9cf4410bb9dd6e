/**
 * The charm's configuration, validated at the edge: what `config-get` gives
 * becomes either a typed {@link CharmConfig} or one readable `blocked` message
 * that names the option, the offending value and the rule.
 *
 * @module
 */

import { BACKUP_SCRIPT_KEYS, type BackupScriptKey } from "../backup_interface/requirer_data.ts";
import { escapeUnshowable } from "../juju/printable.ts";
import { parseFileset } from "./fileset.ts";

/**
 * The script options; each shares its name with the relation key that
 * publishes its path and with the file it is written to.
 */
export const SCRIPT_OPTIONS: readonly BackupScriptKey[] = BACKUP_SCRIPT_KEYS;

/** The status message when `fileset` is not set. */
export const MISSING_FILESET_MESSAGE = "missing fileset config";

/** Longest part of an offending value quoted in a status message. */
export const QUOTED_VALUE_LENGTH = 100;

/** Valid configuration. */
export interface CharmConfig {
  /** Cleaned fileset: trimmed, no empty entries, no duplicates, at least one path. */
  readonly fileset: readonly string[];
  /** Contents of every non-empty script option, by option name. */
  readonly scripts: Readonly<Partial<Record<BackupScriptKey, string>>>;
}

/** The result of {@link parseCharmConfig}. */
export type ConfigResult =
  | { readonly ok: true; readonly config: CharmConfig }
  | { readonly ok: false; readonly message: string };

/**
 * Every option the charm reads, in `charmcraft.yaml`'s order; an option
 * missing here is never read. The tests hold `charmcraft.yaml` to this list.
 */
export const CONFIG_OPTIONS = ["fileset", ...SCRIPT_OPTIONS] as const;

/**
 * Quote a value for a status message: JSON string syntax, with every
 * character that is invisible or could disturb a terminal as a `\uXXXX`
 * escape (`\u{XXXXX}` above the BMP), cut to {@link QUOTED_VALUE_LENGTH}
 * characters.
 *
 * @param value Any config value.
 * @returns The quoted value, e.g. `"var/backups"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quoteValue } from "./config.ts";
 * assert.equal(quoteValue("/a\u200bb\uffff"), '"/a\\u200bb\\uffff"');
 * ```
 */
export function quoteValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const cut = text.length > QUOTED_VALUE_LENGTH
    ? `${text.slice(0, QUOTED_VALUE_LENGTH).toWellFormed()}…`
    : text;
  if (typeof value !== "string") return cut;
  // JSON escapes C0 controls, `"`, `\` and lone surrogates; escape the rest.
  return escapeUnshowable(JSON.stringify(cut));
}

/**
 * Validate the options `config-get` returned.
 *
 * @param raw The options by name, as `config-get --format=json` prints them.
 * @returns The typed config, or the `blocked` message for the first problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCharmConfig } from "./config.ts";
 * const result = parseCharmConfig({ fileset: "var/backups" });
 * assert.ok(
 *   !result.ok &&
 *     result.message === 'invalid config: fileset: "var/backups" is not an absolute path',
 * );
 * ```
 */
export function parseCharmConfig(raw: Readonly<Record<string, unknown>>): ConfigResult {
  // Every option is a string (Juju checks the declared type; this guards the
  // edge). A hand check, not a schema: it runs on every hook's critical path.
  const options: Partial<Record<(typeof CONFIG_OPTIONS)[number], string>> = {};
  for (const option of CONFIG_OPTIONS) {
    const value = Object.hasOwn(raw, option) ? raw[option] : undefined;
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") {
      return {
        ok: false,
        message: `invalid config: ${option}: ${quoteValue(value)} is not a string`,
      };
    }
    options[option] = value;
  }
  const fileset = options.fileset ?? "";
  if (fileset.trim() === "") return { ok: false, message: MISSING_FILESET_MESSAGE };
  const result = parseFileset(fileset);
  if (!result.ok) {
    return {
      ok: false,
      message: `invalid config: fileset: ${
        quoteValue(result.problem.value)
      } ${result.problem.rule}`,
    };
  }
  const scripts: Partial<Record<BackupScriptKey, string>> = {};
  for (const option of SCRIPT_OPTIONS) {
    const content = options[option];
    if (content !== undefined && content !== null && content !== "") scripts[option] = content;
  }
  return { ok: true, config: { fileset: result.paths, scripts } };
}
