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

/** The application name `parseCharmConfig()` puts in its advice when given none. */
export const DEFAULT_APP_NAME = "backup-integrator";

/**
 * Most UTF-8 bytes of an offending value, escapes included, quoted in a
 * status message: short, so the message's essentials fit in what
 * `juju status` shows (see `blockedStatus()` in `plan.ts`).
 */
export const QUOTED_VALUE_BYTES = 24;

/** Valid configuration. */
export interface CharmConfig {
  /** Cleaned fileset: trimmed, no empty entries, no duplicates, at least one path. */
  readonly fileset: readonly string[];
  /** Contents of every non-empty script option, by option name. */
  readonly scripts: Readonly<Partial<Record<BackupScriptKey, string>>>;
}

/** Configuration that is not valid. */
export interface InvalidConfig {
  /** Not valid. */
  readonly ok: false;
  /** Every problem, one per option at fault, joined with `; `. */
  readonly message: string;
  /**
   * The script options that are unset or empty: their files are removed and
   * their keys deleted even now, so turning a script off never waits for the
   * rest of the configuration to be fixed.
   */
  readonly unsetScripts: readonly BackupScriptKey[];
}

/** The result of {@link parseCharmConfig}. */
export type ConfigResult =
  | { readonly ok: true; readonly config: CharmConfig }
  | InvalidConfig;

/**
 * Every option the charm reads, in `charmcraft.yaml`'s order; an option
 * missing here is never read. The tests hold `charmcraft.yaml` to this list.
 */
export const CONFIG_OPTIONS = ["fileset", ...SCRIPT_OPTIONS] as const;

/**
 * Quote a value for a status message: JSON string syntax, with every
 * character that is invisible or could disturb a terminal as a `\uXXXX`
 * escape (`\u{XXXXX}` above the BMP), cut to {@link QUOTED_VALUE_BYTES}
 * bytes of UTF-8 between the quotes (never inside an escape or a character),
 * then `…` when cut.
 *
 * @param value Any config value.
 * @returns The quoted value, e.g. `"var/backups"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quoteValue } from "./config.ts";
 * assert.equal(quoteValue("/a\u200bb\uffff"), '"/a\\u200bb\\uffff"');
 * assert.equal(quoteValue(`/${"x".repeat(99)}`), `"/${"x".repeat(23)}…"`);
 * ```
 */
export function quoteValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const encoder = new TextEncoder();
  let shown = "";
  let bytes = 0;
  for (const character of text) {
    // JSON escapes C0 controls, `"`, `\` and lone surrogates; escape the rest.
    const part = escapeUnshowable(
      typeof value === "string" ? JSON.stringify(character).slice(1, -1) : character,
    );
    bytes += encoder.encode(part).length;
    if (bytes > QUOTED_VALUE_BYTES) return typeof value === "string" ? `"${shown}…"` : `${shown}…`;
    shown += part;
  }
  return typeof value === "string" ? `"${shown}"` : shown;
}

/**
 * Validate the options `config-get` returned. Every option is checked, so the
 * message names every option at fault, not only the first.
 *
 * @param raw The options by name, as `config-get --format=json` prints them.
 * @param app The application's name, for the advice in a message.
 * @returns The typed config, or every problem and the scripts that are unset.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCharmConfig } from "./config.ts";
 * const result = parseCharmConfig({ fileset: "var/backups", "run-after-backup": "" }, "db");
 * assert.ok(
 *   !result.ok &&
 *     result.message === 'invalid config: fileset: "var/backups" is not an absolute path' &&
 *     result.unsetScripts.join() === "run-before-backup,run-after-backup,run-before-restore," +
 *         "run-after-restore",
 * );
 * ```
 */
export function parseCharmConfig(
  raw: Readonly<Record<string, unknown>>,
  app: string = DEFAULT_APP_NAME,
): ConfigResult {
  // Every option is a string (Juju checks the declared type; this guards the
  // edge). A hand check, not a schema: it runs on every hook's critical path.
  const problems: string[] = [];
  const text = (option: (typeof CONFIG_OPTIONS)[number]): string | undefined => {
    const value = Object.hasOwn(raw, option) ? raw[option] : undefined;
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return value;
    problems.push(notAString(option, value));
    return undefined;
  };
  let paths: readonly string[] = [];
  const fileset = text("fileset");
  if (fileset !== undefined) {
    const result = fileset.trim() === "" ? undefined : parseFileset(fileset);
    if (result === undefined) problems.push(missingFileset(app));
    else if (result.ok) paths = result.paths;
    else problems.push(filesetProblem(result.problem.value, result.problem.rule));
  }
  const scripts: Partial<Record<BackupScriptKey, string>> = {};
  const unsetScripts: BackupScriptKey[] = [];
  for (const option of SCRIPT_OPTIONS) {
    const content = text(option);
    if (content === "") unsetScripts.push(option);
    else if (content !== undefined) scripts[option] = content;
  }
  if (problems.length > 0) return { ok: false, message: problems.join("; "), unsetScripts };
  return { ok: true, config: { fileset: paths, scripts } };
}

function missingFileset(app: string): string {
  // What to do, in the few words `juju status` shows.
  return `set fileset: juju config ${app} fileset=/path`;
}

function filesetProblem(value: string, rule: string): string {
  return `invalid config: fileset: ${quoteValue(value)} ${rule}`;
}

function notAString(option: string, value: unknown): string {
  return `invalid config: ${option}: ${quoteValue(value)} is not a string`;
}
