/**
 * How a scenario is registered: a `Deno.test` that runs only when the
 * environment names a Juju (`integration_env.ts`; else it is ignored with
 * the reason printed), in a model of its own destroyed at the end
 * (`temp_model.ts`), under the scenario's own deadline.
 *
 * @module
 */

import type { Juju } from "./juju_cli.ts";
import { type IntegrationSettings, processGate, scenarioTiming } from "./integration_env.ts";
import { inTemporaryModel } from "./temp_model.ts";

/** A scenario's declaration. */
export interface ScenarioOptions {
  /** The test's name. */
  readonly name: string;
  /** Its file, for the line printed when it is skipped. */
  readonly file: string;
  /** The suffix of its model's name: `<JUJU_MODEL_PREFIX>-<model>`. */
  readonly model: string;
  /** How long it may take, its model's destruction not counted. */
  readonly deadlineMs: number;
  /** Whether it runs only with `BACKUP_ROUND_TRIP=1`. */
  readonly roundTrip?: boolean;
}

/** A scenario's body: the CLI bound to its model, the settings, the test's context for steps. */
export type ScenarioBody = (
  juju: Juju,
  settings: IntegrationSettings,
  t: Deno.TestContext,
) => Promise<void>;

/**
 * Register a scenario.
 *
 * @param options Its name, file, model, deadline, and whether it is the round trip.
 * @param body What it does.
 */
export function scenario(options: ScenarioOptions, body: ScenarioBody): void {
  const gate = processGate(options.file);
  const skipRoundTrip = gate.run && options.roundTrip === true && !gate.settings.roundTrip;
  if (skipRoundTrip) {
    console.log(`${options.file}: the round trip is skipped: set BACKUP_ROUND_TRIP=1 to run it`);
  }
  Deno.test({
    name: options.name,
    ignore: !gate.run || skipRoundTrip,
    // Juju's own processes and timers outlive single steps.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(t) {
      if (!gate.run) return;
      const { settings } = gate;
      await inTemporaryModel(
        `${settings.modelPrefix}-${options.model}`,
        scenarioTiming(settings, options.deadlineMs),
        (juju) => body(juju, settings, t),
      );
    },
  });
}
