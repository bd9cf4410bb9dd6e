/**
 * Writes one script through the production store, for the system-call test:
 * `deno run write_one_script.ts <base dir>`.
 *
 * @module
 */

import { createScriptStore, SCRIPT_MODE } from "../../../src/charm/script_store.ts";

if (import.meta.main) {
  const base = Deno.args[0];
  if (base === undefined) throw new TypeError("Usage: write_one_script.ts <base dir>");
  const store = createScriptStore(`${base}/opt/app/scripts`);
  await store.write("run-before-backup", new TextEncoder().encode("#!/bin/sh\n"), SCRIPT_MODE);
}
