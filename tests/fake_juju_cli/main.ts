/**
 * The fake `juju` client: `install.ts` puts an executable `juju` on `PATH`
 * that runs this module with the state file in {@link STATE_ENV}. Each call
 * reads the state, runs one command (`commands.ts`), saves the state and
 * exits with the command's code, as the real client does. Calls are
 * expected one at a time, as the scenarios make them.
 *
 * What it models, and from where:
 * - the client's refusals (`client_rules.ts`): a relative local charm path
 *   (Juju's deploy command; JUJU.md), any file under `/tmp` (the `juju`
 *   snap is strictly confined, its `/tmp` private; JUJU.md);
 * - the `--format=json` shapes of `status`, `show-unit`, `exec`, `run`
 *   (`render.ts`; Juju 3.6's `cmd/juju/status` formatter, and the recorded
 *   outputs in `tests/integration/testdata/`);
 * - the sequences a controller shows (`timeline.ts`): a change seen one poll
 *   late, subordinates arriving one by one, units idle and showing
 *   `upgrading-from` after `juju refresh` until `upgrade-charm` ran, a
 *   failed hook left in `error` (concierge turns hook retries off; JUJU.md);
 * - what the charms do (`charms.ts`): this charm through its own pure
 *   functions, the Python charm as JUJU.md describes it;
 * - the machines' files, through the few commands the scenarios run with
 *   `juju exec` (`shell.ts`); anything else is answered from scripted rules.
 *
 * @module
 */

import { type ClientFiles } from "./client_rules.ts";
import { runJuju } from "./commands.ts";
import { loadState, saveState } from "./state.ts";

/** The variable naming the state file. */
export const STATE_ENV = "FAKE_JUJU_STATE";

/**
 * The host's files as the client reads them.
 *
 * @param cwd The working directory.
 * @returns Reads a file's text, `undefined` when there is none.
 */
export function hostFiles(cwd: string): ClientFiles {
  return {
    cwd,
    read: (path) => {
      try {
        return Deno.readTextFileSync(path);
      } catch {
        return undefined;
      }
    },
  };
}

if (import.meta.main) {
  const path = Deno.env.get(STATE_ENV);
  if (path === undefined) {
    console.error(`ERROR fake juju: ${STATE_ENV} is not set`);
    Deno.exit(2);
  }
  const state = await loadState(path);
  const result = runJuju(state, Deno.args, hostFiles(Deno.cwd()));
  await saveState(path, state);
  const encoder = new TextEncoder();
  await Deno.stdout.write(encoder.encode(result.stdout));
  await Deno.stderr.write(encoder.encode(result.stderr));
  Deno.exit(result.code);
}
