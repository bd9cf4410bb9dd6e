/**
 * Stand-ins for the compiled charm binary, for the build's tests where
 * `deno compile` cannot get its runtime: a small C program that answers like
 * the charm (built with the machine's C compiler), and ELF headers for any
 * machine.
 *
 * @module
 */

import { join } from "node:path";
import { EXPECTED_IDENTITY } from "../../src/build/binary_check.ts";
import type { Architecture } from "../../src/build/platforms.ts";

/**
 * The ELF `e_machine` number of each architecture, written out from the ELF
 * specification (EM_X86_64 is 62, EM_AARCH64 is 183), never taken from the
 * code under test: a wrong number there must fail the tests.
 */
export const ELF_MACHINE_NUMBERS: Readonly<Record<Architecture, number>> = {
  amd64: 62,
  arm64: 183,
};

/**
 * Build an executable for this machine that prints {@link EXPECTED_IDENTITY}
 * for `--version` and exits 2 otherwise, as the charm binary does outside a hook.
 *
 * @param dir Where to write it.
 * @returns Its path, or `undefined` (with the reason printed) when there is no `cc`.
 */
export async function buildGoodStandIn(dir: string): Promise<string | undefined> {
  const source = join(dir, "stand_in.c");
  const binary = join(dir, "good-stand-in");
  await Deno.writeTextFile(
    source,
    `#include <stdio.h>\n#include <string.h>\n` +
      `int main(int argc, char **argv) {\n` +
      `  if (argc == 2 && strcmp(argv[1], "--version") == 0) {\n` +
      `    puts(${JSON.stringify(EXPECTED_IDENTITY)});\n    return 0;\n  }\n` +
      `  fputs("stand-in: not a hook\\n", stderr);\n  return 2;\n}\n`,
  );
  try {
    const output = await new Deno.Command("cc", {
      args: ["-O1", "-o", binary, source],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (output.code !== 0) throw new Error(new TextDecoder().decode(output.stderr));
  } catch (error) {
    console.log(
      `stand_in.ts: the tests that need a good stand-in binary are skipped: "cc" cannot ` +
        `build one (${error instanceof Error ? error.message.trim() : String(error)})`,
    );
    return undefined;
  }
  return binary;
}

/**
 * Write a file that starts with a 64-bit little-endian ELF header of an
 * executable for a machine, then zeros: enough for the header check, never run.
 *
 * @param path Where to write it.
 * @param machine The `e_machine` value, e.g. 183 for aarch64.
 * @param type The `e_type` value (3, a position-independent executable, by default).
 * @returns The path.
 */
export async function writeElfHeader(path: string, machine: number, type = 3): Promise<string> {
  const bytes = new Uint8Array(64);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  const view = new DataView(bytes.buffer);
  view.setUint16(16, type, true);
  view.setUint16(18, machine, true);
  await Deno.writeFile(path, bytes, { mode: 0o755 });
  return path;
}
