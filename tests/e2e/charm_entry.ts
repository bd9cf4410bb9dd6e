/**
 * The program the end-to-end tests run as the charm binary.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/**
 * The entry module the tests' launcher runs with the binary's permission flags.
 *
 * @returns An absolute path.
 */
export function charmEntry(): Promise<string> {
  return Promise.resolve(fileURLToPath(new URL("../../src/main.ts", import.meta.url)));
}
