/**
 * Argument parsing shared by the fake hook tools, following the rules of
 * Juju's `gnuflag`: flags may come before or after positional arguments,
 * `-r X`, `-r=X`, `--relation X` and `--relation=X` are the same, `--` ends
 * the flags, and a lone `-` is a positional argument.
 *
 * Private to the fake: the leading underscore says so.
 *
 * @module
 */

/** How one flag is spelled and whether it takes a value. */
export interface FlagDefinition {
  /** The name the parsed result is keyed by, e.g. `relation`. */
  readonly key: string;
  /** Every spelling without dashes: one letter for `-r`, longer for `--relation`. */
  readonly names: readonly string[];
  /** A boolean switch, or a flag that takes a value. */
  readonly kind: "bool" | "value";
}

/** The flags given (by {@link FlagDefinition.key}) and the positional arguments, in order. */
export interface ParsedArgs {
  /** Value flags map to their last value, boolean flags to `true` or `false`. */
  readonly flags: ReadonlyMap<string, string | boolean>;
  /** The arguments that are not flags, in order. */
  readonly positional: readonly string[];
}

/**
 * The arguments are wrong: the tool prints `ERROR <message>` and exits 2, as
 * Juju's commands do for any error while parsing flags or checking arguments.
 */
export class UsageError extends Error {
  /**
   * @param message What is wrong, as Juju words it.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The `--format` flag every tool that prints output accepts. */
export const FORMAT_FLAG: FlagDefinition = { key: "format", names: ["format"], kind: "value" };

/** The `-r` / `--relation` flag of the relation tools. */
export const RELATION_FLAG: FlagDefinition = {
  key: "relation",
  names: ["r", "relation"],
  kind: "value",
};

/** The `--app` flag of `relation-get` and `relation-set`. */
export const APP_FLAG: FlagDefinition = { key: "app", names: ["app"], kind: "bool" };

/**
 * Split a tool's arguments into flags and positional arguments.
 *
 * @param args The arguments, without the tool name.
 * @param definitions The flags the tool accepts.
 * @returns The flags given and the positional arguments.
 * @throws {UsageError} For an unknown flag, a value flag without a value, or
 * a malformed boolean.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs, RELATION_FLAG } from "./_flags.ts";
 * const parsed = parseArgs(["-", "-r=backup:3", "bacula-fd/0"], [RELATION_FLAG]);
 * assert.equal(parsed.flags.get("relation"), "backup:3");
 * assert.deepEqual(parsed.positional, ["-", "bacula-fd/0"]);
 * ```
 */
export function parseArgs(
  args: readonly string[],
  definitions: readonly FlagDefinition[],
): ParsedArgs {
  const flags = new Map<string, string | boolean>();
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === "--") {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      positional.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const body = arg.slice(long ? 2 : 1);
    const equals = body.indexOf("=");
    const name = equals === -1 ? body : body.slice(0, equals);
    const spelled = `${long ? "--" : "-"}${name}`;
    const definition = definitions.find((candidate) =>
      candidate.names.includes(name) && (name.length === 1) !== long
    );
    if (definition === undefined || name === "") {
      throw new UsageError(`option provided but not defined: ${spelled}`);
    }
    if (definition.kind === "bool") {
      if (equals === -1) {
        flags.set(definition.key, true);
        continue;
      }
      const text = body.slice(equals + 1);
      if (text !== "true" && text !== "false") {
        throw new UsageError(`invalid boolean value ${goQuote(text)} for option ${spelled}`);
      }
      flags.set(definition.key, text === "true");
      continue;
    }
    if (equals !== -1) {
      flags.set(definition.key, body.slice(equals + 1));
      continue;
    }
    const next = args[index + 1];
    if (next === undefined) throw new UsageError(`option needs an argument: ${spelled}`);
    flags.set(definition.key, next);
    index++;
  }
  return { flags, positional };
}

/**
 * Quote a string as Go's `%q` does for printable text, which is how Juju
 * quotes values in its messages.
 *
 * @param text Any string.
 * @returns The string in double quotes, with `"` and `\` escaped.
 */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/**
 * Format a list of strings as Go's `%q` does, e.g. `["a" "b"]`, as in Juju's
 * `unrecognized args: ["a" "b"]`.
 *
 * @param items The strings.
 * @returns The bracketed, space-separated, quoted list.
 */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(" ")}]`;
}
