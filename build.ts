/**
 * `deno task build`: bundle, compile and pack the charm. See `--help`, and
 * `src/build/cli.ts` for the work.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { runBuild } from "./src/build/cli.ts";

if (import.meta.main) {
  Deno.exit(
    await runBuild({
      args: Deno.args,
      root: fileURLToPath(new URL(".", import.meta.url)),
      env: Deno.env.toObject(),
      writeOut: (line) => console.log(line),
      writeError: (line) => console.error(line),
    }),
  );
}
