/**
 * A test that fails without cleaning up its harness, for
 * `harness_dir_test.ts`: it prints the harness directory, then fails. Run it
 * with `deno test`; the directory must be gone when the process has exited.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { FakeJuju } from "../fake_juju.ts";

const STAND_IN = fileURLToPath(new URL("./stand_in_charm.ts", import.meta.url));

Deno.test("a test that forgets its harness and fails", async () => {
  const juju = await FakeJuju.create({ entry: STAND_IN });
  console.log(`harness: ${juju.dir}`);
  throw new Error("failed on purpose, with the harness left behind");
});
