/**
 * What the integration scenarios need from their environment: a Juju
 * controller to add their models to (`JUJU_MODEL_PREFIX`: each scenario adds
 * `<prefix>-<scenario>` and destroys it at the end), the built `.charm` and
 * the base to deploy on. Without a prefix they are skipped with the reason
 * printed, so `deno task test` stays green where no Juju is at hand.
 *
 * @module
 */

import { isAbsolute, resolve } from "node:path";

/** The settings of an integration run. */
export interface IntegrationSettings {
  /** The prefix of the models the scenarios add, e.g. `ci-0`. */
  readonly modelPrefix: string;
  /** The base of every machine, e.g. `ubuntu@24.04`. */
  readonly base: string;
  /**
   * The `.charm` file built for that base, as an absolute path: `juju deploy`
   * and `juju refresh --path` refuse a relative one that does not start with `./`.
   */
  readonly charmPath: string;
  /** The Charmhub channel of `bacula-fd`. */
  readonly baculaFdChannel: string;
  /** The Charmhub channel of the Python `backup-integrator` the refresh starts from. */
  readonly pythonCharmChannel: string;
  /** The Charmhub channel of `bacula-server`, for the round trip. */
  readonly baculaServerChannel: string;
  /**
   * Whether to run the full backup-and-restore round trip (`BACKUP_ROUND_TRIP=1`):
   * it deploys PostgreSQL, S3 storage and bacula-server besides, and takes long.
   */
  readonly roundTrip: boolean;
  /** How often the waits read `juju status` (`JUJU_POLL_MS`, 5 s). */
  readonly pollMs: number;
  /**
   * A cap on every scenario's own deadline (`SCENARIO_DEADLINE_MS`); absent,
   * each scenario keeps the deadline it declares.
   */
  readonly deadlineMs: number | undefined;
  /** The port of bacula-server's Baculum API (`BACULUM_PORT`, 9096). */
  readonly baculumPort: number;
}

/** Either settings to run with, or why the tests are skipped. */
export type IntegrationGate =
  | { readonly run: true; readonly settings: IntegrationSettings }
  | { readonly run: false; readonly reason: string };

function positive(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`Cannot read ${name}: "${text}" is not a positive integer`);
  }
  return value;
}

/**
 * Decide whether the integration scenarios run, and with what.
 *
 * @param env The process environment.
 * @param cwd The directory a relative `CHARM_PATH` is relative to.
 * @returns The settings, or the reason to skip: only a missing `JUJU_MODEL_PREFIX` skips.
 * @throws {RangeError} When a number setting is not a positive integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integrationGate } from "./integration_env.ts";
 * assert.equal(integrationGate({}, "/src").run, false);
 * const gate = integrationGate({ JUJU_MODEL_PREFIX: "ci-0", CHARM_BASE: "ubuntu@22.04" }, "/src");
 * assert.ok(gate.run && gate.settings.charmPath === "/src/dist/backup-integrator_ubuntu@22.04-amd64.charm");
 * ```
 */
export function integrationGate(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): IntegrationGate {
  const prefix = env["JUJU_MODEL_PREFIX"];
  if (prefix === undefined || prefix === "") {
    return {
      run: false,
      reason: "no Juju: set JUJU_MODEL_PREFIX (each scenario adds and destroys its own model " +
        "<prefix>-<scenario>) and build the charm (deno task build) to run them; " +
        "`deno task test:integration` is what CI's integration workflow runs",
    };
  }
  const base = env["CHARM_BASE"] || "ubuntu@24.04";
  const charmPath = env["CHARM_PATH"] || `dist/backup-integrator_${base}-amd64.charm`;
  return {
    run: true,
    settings: {
      modelPrefix: prefix,
      base,
      charmPath: isAbsolute(charmPath) ? charmPath : resolve(cwd, charmPath),
      baculaFdChannel: env["BACULA_FD_CHANNEL"] || "latest/edge",
      pythonCharmChannel: env["PYTHON_CHARM_CHANNEL"] || "latest/edge",
      baculaServerChannel: env["BACULA_SERVER_CHANNEL"] || "latest/edge",
      roundTrip: env["BACKUP_ROUND_TRIP"] === "1",
      pollMs: positive(env, "JUJU_POLL_MS") ?? 5_000,
      deadlineMs: positive(env, "SCENARIO_DEADLINE_MS"),
      baculumPort: positive(env, "BACULUM_PORT") ?? 9096,
    },
  };
}

/**
 * A scenario's timing: the poll interval, and its own deadline capped by
 * `SCENARIO_DEADLINE_MS`.
 *
 * @param settings The run's settings.
 * @param ownDeadlineMs The deadline the scenario declares.
 * @returns What `inTemporaryModel` takes.
 */
export function scenarioTiming(
  settings: IntegrationSettings,
  ownDeadlineMs: number,
): { readonly pollMs: number; readonly deadlineMs: number } {
  return {
    pollMs: settings.pollMs,
    deadlineMs: Math.min(ownDeadlineMs, settings.deadlineMs ?? ownDeadlineMs),
  };
}

/**
 * The gate for this process, printing the reason once when the tests are skipped.
 *
 * @param file The test file asking, for the printed line.
 * @returns The gate.
 */
export function processGate(file: string): IntegrationGate {
  const gate = integrationGate(Deno.env.toObject(), Deno.cwd());
  if (!gate.run) console.log(`${file}: the integration tests are skipped: ${gate.reason}.`);
  return gate;
}
