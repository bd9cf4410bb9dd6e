/**
 * The program the end-to-end tests run as the charm binary: the bundle that
 * `deno compile` puts inside `bin/backup-integrator`, so the shipped code is
 * what gets tested even where the binary itself cannot be compiled.
 *
 * @module
 */

import { bundleCharm } from "../../src/build/bundle.ts";

let bundle: Promise<string> | undefined;

/**
 * Bundle `src/main.ts` once per test process, into a temporary directory.
 *
 * @returns The absolute path of the bundle, for the launcher to run with the
 * binary's permission flags.
 * @throws {BundleError} When `deno bundle` fails.
 */
export function charmEntry(): Promise<string> {
  bundle ??= Deno.makeTempDir({ prefix: "charm-bundle-" }).then((dir) => {
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    return bundleCharm({ outFile: `${dir}/backup-integrator.js` });
  });
  return bundle;
}
