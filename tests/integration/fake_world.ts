/**
 * The world the scenarios see when they run here: the fake `juju` on
 * `PATH` (`tests/fake_juju_cli/`), a Baculum stand-in on loopback, scripted
 * answers for the round trip's database commands, and the variables
 * `integration_env.ts` reads, with polls a millisecond apart. Disposing of
 * it stops the stand-in and removes the fake's directory, pass or fail.
 *
 * @module
 */

import { relative } from "node:path";
import { type FakeJujuInstall, installFakeJuju, REPO_ROOT } from "../fake_juju_cli/install.ts";
import type { ExecRule, HookFault } from "../fake_juju_cli/state.ts";

/**
 * The round trip's commands on its database, which the fake cannot run:
 * the answers a working backup and restore give (the dump left by
 * run-before-backup is checked on the fake machine's files, where it never is).
 */
export const ROUND_TRIP_EXEC: ExecRule[] = [
  { match: "apt-get install -y postgresql", stdout: "", code: 0 },
  { match: "TRUNCATE release", stdout: "0\n", code: 0 },
  { match: "SELECT name FROM release", stdout: "Jammy Jellyfish\nNoble Numbat\n", code: 0 },
];

/** The fake world. */
export interface FakeWorld extends AsyncDisposable {
  /** The fake `juju`. */
  readonly juju: FakeJujuInstall;
  /** What to set for `deno task test:integration`. */
  readonly env: Readonly<Record<string, string>>;
}

async function startStandIn(): Promise<{ port: string; stop: () => Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-check",
      "--quiet",
      "--config",
      `${REPO_ROOT}/deno.json`,
      "--allow-net=127.0.0.1",
      new URL("../fake_juju_cli/baculum_stand_in.ts", import.meta.url).pathname,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
  };
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`The Baculum stand-in exited before listening: "${text}"`);
      text += value;
    }
    reader.releaseLock();
    child.stdout.cancel().catch(() => {});
    return { port: text.trim(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Set up the fake world.
 *
 * @param options Hook faults to inject.
 * @returns The world; dispose of it to tear it down.
 */
export async function fakeWorld(
  options: { readonly faults?: HookFault[] } = {},
): Promise<FakeWorld> {
  const juju = await installFakeJuju({ ...options, execRules: ROUND_TRIP_EXEC });
  let standIn;
  try {
    standIn = await startStandIn();
  } catch (error) {
    await juju[Symbol.asyncDispose]();
    throw error;
  }
  const { port, stop } = standIn;
  return {
    juju,
    env: {
      PATH: juju.path,
      JUJU_MODEL_PREFIX: "fake",
      // Relative, as a user may give it: the settings make it absolute.
      CHARM_PATH: relative(REPO_ROOT, juju.charmPath),
      BACKUP_ROUND_TRIP: "1",
      JUJU_POLL_MS: "1",
      SCENARIO_DEADLINE_MS: "120000",
      BACULUM_PORT: port,
    },
    [Symbol.asyncDispose]: async () => {
      await stop();
      await juju[Symbol.asyncDispose]();
    },
  };
}
