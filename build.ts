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
      // `deno task` runs in the repository root; INIT_CWD is where the user was.
      cwd: Deno.env.get("INIT_CWD") ?? Deno.cwd(),
      env: Deno.env.toObject(),
      writeOut: (line) => console.log(line),
      writeError: (line) => console.error(line),
    }),
  );
}
