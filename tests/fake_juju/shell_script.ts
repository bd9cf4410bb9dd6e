/**
 * Small executable `#!/bin/sh` scripts: the fake Juju's launcher and tools,
 * and the benchmark's canned tools.
 *
 * @module
 */

/**
 * Quote one word for `sh`: as it is when it holds only safe characters, else
 * in single quotes.
 *
 * @param word Any string.
 * @returns The word as `sh` reads it back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shellQuote } from "./shell_script.ts";
 * assert.equal(shellQuote("/usr/bin/deno"), "/usr/bin/deno");
 * assert.equal(shellQuote("it's"), `'it'\\''s'`);
 * assert.equal(shellQuote(""), "''");
 * ```
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Write an executable script (mode 0755 whatever the umask), replacing any
 * file at the path.
 *
 * @param path The script.
 * @param lines Its lines after `#!/bin/sh`.
 */
export async function writeShellScript(path: string, lines: readonly string[]): Promise<void> {
  await Deno.remove(path).catch(() => {});
  await Deno.writeTextFile(path, ["#!/bin/sh", ...lines, ""].join("\n"), { mode: 0o755 });
  await Deno.chmod(path, 0o755);
}
