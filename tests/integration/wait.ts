/**
 * Waiting for a Juju model to settle, as a Juju engineer would trust it
 * (after jubilant's `wait(ready, error=any_error, successes=3)`):
 *
 * - any unit of the model in `error` (a failed hook; concierge's preset turns
 *   hook retries off, so it stays there) fails the wait at once, naming the
 *   unit and its status;
 * - each application must have exactly the expected number of units, so a
 *   wait for two subordinates does not stop at the first;
 * - no unit may show `upgrading-from` (after `juju refresh`, units already
 *   active and idle stay so until their `upgrade-charm` hook has run);
 * - all of it must hold over several consecutive polls, so a wait right
 *   after a change does not pass on the status from before the change.
 *
 * @module
 */

import { describeUnits, type ModelStatus, unitsOf, type UnitStatus } from "./juju_json.ts";

/** What one settled application looks like. */
export interface SettledApp {
  /** Exactly how many units it has (0: it is gone). */
  readonly units: number;
  /**
   * The workload statuses accepted for its units, e.g. `["active"]`; any
   * when absent (`error` fails every wait anyway).
   */
  readonly workload?: readonly string[];
}

/** What a settled model looks like. */
export interface SettledSpec {
  /** The applications waited for, by name. */
  readonly apps: Readonly<Record<string, SettledApp>>;
  /** A further condition, e.g. on the status messages. */
  readonly also?: (status: ModelStatus) => boolean;
}

/**
 * Shorthand for a {@link SettledApp}.
 *
 * @param units Exactly how many units.
 * @param workload The workload statuses accepted.
 * @returns The spec of one application.
 */
export function settledApp(units: number, ...workload: string[]): SettledApp {
  return { units, workload };
}

/**
 * An application whose units must be idle in any status but `error`: for
 * bacula-fd, whose statuses without a backup server are not known here.
 *
 * @param units Exactly how many units.
 * @returns The spec of one application.
 */
export function idleApp(units: number): SettledApp {
  return { units };
}

/** How to wait. */
export interface WaitTiming {
  /** Consecutive settled polls required (3, like jubilant's `successes`). */
  readonly successes?: number;
  /** Time between polls. */
  readonly intervalMs: number;
  /** Give up after this long. */
  readonly timeoutMs: number;
}

/** A unit in `error`: the wait fails at once, naming it. */
export class UnitErrorStatus extends Error {
  /** The unit. */
  readonly unit: UnitStatus;

  /**
   * Describe a unit in error.
   *
   * @param unit The unit.
   */
  constructor(unit: UnitStatus) {
    super(
      `Unit ${unit.name} is in error: workload ${unit.workload.current} ` +
        `${JSON.stringify(unit.workload.message)}, agent ${unit.agent.current}`,
    );
    this.name = "UnitErrorStatus";
    this.unit = unit;
  }
}

/**
 * The first unit of the model, principal or subordinate, in `error`.
 *
 * @param status The model's status.
 * @returns That unit, or `undefined`.
 */
export function unitInError(status: ModelStatus): UnitStatus | undefined {
  return Object.values(status.units).find((u) =>
    u.workload.current === "error" || u.agent.current === "error"
  );
}

/**
 * Why the model is not settled yet, or `undefined` when it is (on this poll).
 *
 * @param status The model's status.
 * @param spec What settled means.
 * @returns The first reason found, e.g. `backup-integrator has 1 unit of 2`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notSettled } from "./wait.ts";
 * const unit = (name: string) => ({
 *   name, machine: "0", leader: false, principal: undefined, address: "", upgradingFrom: undefined,
 *   workload: { current: "active", message: "" }, agent: { current: "idle", message: "" },
 * });
 * const status = { applications: {}, units: { "a/0": unit("a/0") } };
 * assert.equal(notSettled(status, { apps: { a: { units: 1, workload: ["active"] } } }), undefined);
 * assert.equal(
 *   notSettled(status, { apps: { a: { units: 2, workload: ["active"] } } }),
 *   "a has 1 unit of 2",
 * );
 * ```
 */
export function notSettled(status: ModelStatus, spec: SettledSpec): string | undefined {
  const upgrading = Object.values(status.units).find((u) => u.upgradingFrom !== undefined);
  if (upgrading !== undefined) {
    return `${upgrading.name} is upgrading from ${upgrading.upgradingFrom}`;
  }
  for (const [app, expected] of Object.entries(spec.apps)) {
    const units = unitsOf(status, app);
    if (units.length !== expected.units) {
      return `${app} has ${units.length} unit of ${expected.units}`;
    }
    for (const unit of units) {
      if (expected.workload !== undefined && !expected.workload.includes(unit.workload.current)) {
        return `${unit.name} is ${unit.workload.current}, not ${expected.workload.join(" or ")}`;
      }
      if (unit.agent.current !== "idle") return `${unit.name} is ${unit.agent.current}`;
    }
  }
  if (spec.also !== undefined && !spec.also(status)) return "the further condition is not met";
  return undefined;
}

/**
 * Poll until the model is settled on `successes` consecutive polls.
 *
 * @param read Reads the model's status (`juju status --format=json`).
 * @param spec What settled means.
 * @param timing Successes, interval and time-out.
 * @returns The last status read.
 * @throws {UnitErrorStatus} As soon as any unit is in error.
 * @throws {Error} On time-out, with the last reason and every unit's status.
 */
export async function waitSettled(
  read: () => Promise<ModelStatus>,
  spec: SettledSpec,
  timing: WaitTiming,
): Promise<ModelStatus> {
  const successes = timing.successes ?? 3;
  const deadline = Date.now() + timing.timeoutMs;
  let streak = 0;
  let last: ModelStatus | undefined;
  let reason = "no status read";
  for (;;) {
    last = await read();
    const failed = unitInError(last);
    if (failed !== undefined) throw new UnitErrorStatus(failed);
    const why = notSettled(last, spec);
    streak = why === undefined ? streak + 1 : 0;
    if (streak >= successes) return last;
    reason = why ?? `settled on ${streak} of ${successes} polls`;
    if (Date.now() + timing.intervalMs > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, timing.intervalMs));
  }
  throw new Error(
    `Timed out after ${timing.timeoutMs} ms waiting for the model to settle: ${reason}; ` +
      describeUnits(last),
  );
}
