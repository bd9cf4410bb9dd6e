/**
 * Makes one Python leftover private through the production store, for the
 * system-call test: `deno run tighten_one_leftover.ts <base dir>`.
 *
 * @module
 */

import { createLegacyStore } from "../../../src/charm/legacy_store.ts";

if (import.meta.main) {
  const base = Deno.args[0];
  if (base === undefined) throw new TypeError("Usage: tighten_one_leftover.ts <base dir>");
  await createLegacyStore(base, { app: "app" }).tighten("app-0", 0o700);
}
