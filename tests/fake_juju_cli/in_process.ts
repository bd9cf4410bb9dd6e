/**
 * The fake `juju` without a process: a {@link RunJuju} that runs each
 * command on a state in memory, for tests of the waits and of single
 * sequences, where spawning a client per poll would only cost time.
 *
 * @module
 */

import type { RunJuju } from "../integration/juju_cli.ts";
import type { ClientFiles } from "./client_rules.ts";
import { runJuju } from "./commands.ts";
import type { FakeState } from "./state.ts";

/**
 * Run the fake client in this process.
 *
 * @param state The state, changed by every command.
 * @param files The host's files as the client sees them.
 * @returns A runner for `Juju`.
 */
export function inProcessJuju(state: FakeState, files: ClientFiles): RunJuju {
  return (args) => Promise.resolve(runJuju(state, args, files));
}
