/**
 * Helpers of the security tests: a harness running the real `dispatch` under
 * the production permission flags, with a base directory the test controls,
 * and small file checks.
 *
 * @module
 */

import { charmEntry } from "../fake_juju/charm_entry.ts";
import { FakeJuju, type FakeJujuOptions } from "../fake_juju/fake_juju.ts";
import { APP, SCRIPT } from "../faults/fault_helpers.ts";

export { within } from "../deadline.ts";

/** The scripts directory of the test application under a base directory. */
export function scriptsOf(optDir: string): string {
  return `${optDir}/${APP}/scripts`;
}

/** Permission bits of a path, not following a link. */
export async function modeOf(path: string): Promise<number> {
  return ((await Deno.lstat(path)).mode ?? 0) & 0o7777;
}

/**
 * Run `body` with a harness whose base directory is `<tmp>/opt`, the charm
 * being the bundle `deno compile` would get, configured with a fileset and
 * one script and related to bacula-fd; everything is removed afterwards.
 *
 * @param options Changes to the harness options.
 * @param body Gets the harness and the temporary directory.
 */
export async function withCharm(
  options: FakeJujuOptions,
  body: (juju: FakeJuju, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "security-" });
  try {
    await using juju = await FakeJuju.create({
      app: APP,
      entry: await charmEntry(),
      optDir: `${dir}/opt`,
      config: { fileset: "/srv", "run-before-backup": SCRIPT },
      relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
      ...options,
    });
    await body(juju, dir);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Replace one fake hook tool by a shell script.
 *
 * @param juju The harness.
 * @param tool The tool, e.g. `is-leader`.
 * @param body The script's lines after `#!/bin/sh`.
 */
export async function replaceTool(juju: FakeJuju, tool: string, body: string): Promise<void> {
  const path = `${juju.toolsDir}/${tool}`;
  await Deno.writeTextFile(path, `#!/bin/sh\n${body}\n`);
  await Deno.chmod(path, 0o755);
}
