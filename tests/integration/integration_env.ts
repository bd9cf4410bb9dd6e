/**
 * What the integration tests need from their environment: a Juju model to
 * deploy into (`JUJU_MODEL`), the built `.charm` and the base to deploy on.
 * Without a model they are skipped with the reason printed, so
 * `deno task test` stays green where no Juju is at hand.
 *
 * @module
 */

/** The settings of an integration run. */
export interface IntegrationSettings {
  /** The model to deploy into; it must exist (`juju add-model`). */
  readonly model: string;
  /** The base of every machine, e.g. `ubuntu@24.04`. */
  readonly base: string;
  /** The `.charm` file built for that base. */
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
}

/** Either settings to run with, or why the tests are skipped. */
export type IntegrationGate =
  | { readonly run: true; readonly settings: IntegrationSettings }
  | { readonly run: false; readonly reason: string };

/**
 * Decide whether the integration tests run, and with what.
 *
 * @param env The process environment.
 * @returns The settings, or the reason to skip: only a missing `JUJU_MODEL` skips.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integrationGate } from "./integration_env.ts";
 * assert.equal(integrationGate({}).run, false);
 * const gate = integrationGate({ JUJU_MODEL: "ci-0", CHARM_BASE: "ubuntu@22.04" });
 * assert.ok(gate.run && gate.settings.charmPath === "dist/backup-integrator_ubuntu@22.04-amd64.charm");
 * ```
 */
export function integrationGate(
  env: Readonly<Record<string, string | undefined>>,
): IntegrationGate {
  const model = env["JUJU_MODEL"];
  if (model === undefined || model === "") {
    return {
      run: false,
      reason: "no Juju model: set JUJU_MODEL to an existing model (juju add-model) and " +
        "build the charm (deno task build) to run them; CI's integration workflow does",
    };
  }
  const base = env["CHARM_BASE"] || "ubuntu@24.04";
  return {
    run: true,
    settings: {
      model,
      base,
      charmPath: env["CHARM_PATH"] || `dist/backup-integrator_${base}-amd64.charm`,
      baculaFdChannel: env["BACULA_FD_CHANNEL"] || "latest/edge",
      pythonCharmChannel: env["PYTHON_CHARM_CHANNEL"] || "latest/edge",
      baculaServerChannel: env["BACULA_SERVER_CHANNEL"] || "latest/edge",
      roundTrip: env["BACKUP_ROUND_TRIP"] === "1",
    },
  };
}

/**
 * The gate for this process, printing the reason once when the tests are skipped.
 *
 * @param file The test file asking, for the printed line.
 * @returns The gate.
 */
export function processGate(file: string): IntegrationGate {
  const gate = integrationGate(Deno.env.toObject());
  if (!gate.run) console.log(`${file}: the integration tests are skipped: ${gate.reason}.`);
  return gate;
}
