/**
 * The fake client's argument parsing: flags before or after positionals,
 * `--flag value` and `--flag=value`, repeated flags, `--` ending flags; an
 * undeclared flag is refused as the real client refuses it (exit 2).
 *
 * @module
 */

/** Flags that take a value. */
const VALUED = new Set([
  "--model",
  "-m",
  "--num-units",
  "-n",
  "--base",
  "--channel",
  "--config",
  "--path",
  "--file",
  "--reset",
  "--wait",
  "--format",
  "--unit",
]);

/** Flags that take none. */
const BOOLEAN = new Set([
  "--no-prompt",
  "--destroy-storage",
  "--force",
  "--no-switch",
  "--no-wait",
]);

/** Parsed arguments. */
export interface ParsedArgs {
  /** Positional arguments, the command first; after `--`, the rest joined as one. */
  readonly positional: string[];
  /** Every value of each valued flag, by its long name. */
  readonly flags: Record<string, string[]>;
  /** The boolean flags given. */
  readonly switches: Set<string>;
}

const LONG: Record<string, string> = { "-m": "--model", "-n": "--num-units" };

/**
 * Parse the arguments after `juju`.
 *
 * @param argv The arguments.
 * @returns The parsed arguments, or the refusal's message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs } from "./args.ts";
 * const parsed = parseArgs(["exec", "--unit", "u/0", "--", "echo", "hi", "--model", "m"]);
 * assert.ok(typeof parsed !== "string" && parsed.positional[1] === "echo hi --model m");
 * ```
 */
export function parseArgs(argv: readonly string[]): ParsedArgs | string {
  const positional: string[] = [];
  const flags: Record<string, string[]> = {};
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positional.push(argv.slice(i + 1).join(" "));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN.has(name)) {
      switches.add(name);
    } else if (VALUED.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return `ERROR option needs an argument: ${name}`;
      (flags[LONG[name] ?? name] ??= []).push(value);
    } else {
      return `ERROR option provided but not defined: ${name}`;
    }
  }
  return { positional, flags, switches };
}
