/**
 * The step every scenario shares: bacula-fd from Charmhub beside the
 * charm under test, both subordinates related to the principal over
 * `juju-info` (a subordinate runs on its principal's machines).
 *
 * @module
 */

import type { IntegrationSettings } from "./integration_env.ts";
import type { Juju } from "./juju_cli.ts";

/** The applications' names in a scenario's model. */
export interface ScenarioApps {
  /** The principal, e.g. `ubuntu`. */
  readonly principal: string;
  /** The charm under test (or the Python charm it is refreshed from). */
  readonly app: string;
  /** bacula-fd. */
  readonly fd: string;
}

/**
 * Deploy bacula-fd, and relate it and the charm under test to the principal.
 *
 * @param juju The CLI bound to the scenario's model.
 * @param settings The base and bacula-fd's channel.
 * @param apps The applications' names.
 * @returns Nothing.
 */
export async function deployBaculaFdBeside(
  juju: Juju,
  settings: IntegrationSettings,
  apps: ScenarioApps,
): Promise<void> {
  await juju.deploy("bacula-fd", {
    app: apps.fd,
    base: settings.base,
    channel: settings.baculaFdChannel,
  });
  await juju.integrate(`${apps.app}:juju-info`, `${apps.principal}:juju-info`);
  await juju.integrate(`${apps.fd}:juju-info`, `${apps.principal}:juju-info`);
}
