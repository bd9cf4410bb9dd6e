/**
 * The charm's entry with one change: a hook-tool timeout of two seconds, so
 * the test of a hung tool need not wait the production two minutes. The
 * harness runs it under the production permission flags, as the binary.
 *
 * @module
 */

import { main, processEnvironment } from "../../../src/main.ts";
import { createLegacyStore } from "../../../src/charm/legacy_store.ts";
import { createScriptStore } from "../../../src/charm/script_store.ts";
import { createProcessRunner } from "../../../src/juju/hook_tool_runner.ts";

/** The timeout this entry gives each hook-tool call, in milliseconds. */
export const SHORT_TIMEOUT_MS = 2000;

if (import.meta.main) {
  Deno.exit(
    await main({
      env: processEnvironment(),
      runner: createProcessRunner({ timeoutMs: SHORT_TIMEOUT_MS }),
      openStore: createScriptStore,
      openLegacy: createLegacyStore,
      writeError: (line) => console.error(line),
    }),
  );
}
