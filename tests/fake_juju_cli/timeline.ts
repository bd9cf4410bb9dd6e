/**
 * When the changes a command makes show in `juju status`, counted in polls
 * (reads of the model's status). The sequences are those a real controller
 * shows and the scenarios must survive:
 *
 * - a hook a command triggers is not seen on the next poll (the unit still
 *   shows its old, idle status: the change is applied one poll late), then
 *   the agent is `executing` for a poll, then the unit settles;
 * - after `juju refresh`, units keep their status, idle, and show
 *   `upgrading-from` for {@link UPGRADE_POLLS} polls before `upgrade-charm`
 *   runs (JUJU.md, "Where the workflows meet the real world"), one unit
 *   after another, {@link UPGRADE_GAP} polls apart, the leader last: Juju
 *   gives no order, and this one is the order that fools a wait blind to
 *   `upgrading-from` (the Python charm's non-leader shows `unknown` until
 *   this charm's `upgrade-charm` sets a status; its leader is already active);
 * - a subordinate unit appears on each principal unit one by one,
 *   {@link SUBORDINATE_GAP} polls apart;
 * - bacula-fd's hooks run for {@link BACULA_FD_HOOK_POLLS} polls, and a
 *   unit shows a new relation in `juju show-unit` only once a hook of its
 *   own has run since: a wait that leaves bacula-fd out returns before
 *   bacula-fd shows the `backup` relation;
 * - a hook that fails leaves the unit in `error` (`hook failed: "<hook>"`),
 *   and it stays there: concierge's preset turns hook retries off.
 *
 * @module
 */

import { relationsOf, settleUnit, unitRemoved } from "./charms.ts";
import type { FakeModel, FakeState, FakeUnit } from "./state.ts";

/**
 * Polls between the arrival of one subordinate unit and the next: more than
 * a new unit takes to settle plus a wait's three successes, so a wait that
 * does not count units returns with the first alone.
 */
export const SUBORDINATE_GAP = 6;

/** Polls a refreshed unit shows `upgrading-from` before `upgrade-charm` runs. */
export const UPGRADE_POLLS = 3;

/** Polls between one unit's `upgrade-charm` and the next one's. */
export const UPGRADE_GAP = 4;

/**
 * Polls a bacula-fd hook runs (the agent `executing`): longer than a wait for
 * this charm's two subordinates takes ({@link SUBORDINATE_GAP}, then three
 * successes), so a wait for this charm alone returns while bacula-fd is still
 * in its hook. bacula-fd's hooks install and configure the file daemon (45 s
 * at the scenarios' 5 s polls); its statuses without a server are not known.
 */
export const BACULA_FD_HOOK_POLLS = SUBORDINATE_GAP + 3;

/**
 * How many polls a unit's hook runs: {@link BACULA_FD_HOOK_POLLS} for
 * bacula-fd, one for any other charm.
 *
 * @param model The model.
 * @param unit The unit.
 * @returns The polls.
 */
export function hookPolls(model: FakeModel, unit: FakeUnit): number {
  return model.apps[unit.app]?.charm === "bacula-fd" ? BACULA_FD_HOOK_POLLS : 1;
}

/**
 * Schedule a hook on units: unseen for `delay` polls, then executing (for one
 * poll, or {@link hookPolls}), then settled.
 *
 * @param model The model, changed in place.
 * @param units The units.
 * @param hook The hook, e.g. `config-changed`.
 * @param delay Polls that still show the old status (1).
 */
export function scheduleHook(
  model: FakeModel,
  units: readonly FakeUnit[],
  hook: string,
  delay = 1,
): void {
  for (const unit of units) {
    model.events.push({ at: model.poll + 1 + delay, unit: unit.name, kind: "executing", hook });
    const settleAt = model.poll + 1 + delay + hookPolls(model, unit);
    model.events.push({ at: settleAt, unit: unit.name, kind: "settle", hook });
  }
}

/**
 * Schedule the removal of units: `stop` runs on the next poll, and they are
 * gone on the one after.
 *
 * @param model The model, changed in place.
 * @param units The units.
 */
export function scheduleRemoval(model: FakeModel, units: readonly FakeUnit[]): void {
  for (const unit of units) {
    model.events.push({ at: model.poll + 1, unit: unit.name, kind: "executing", hook: "stop" });
    model.events.push({ at: model.poll + 2, unit: unit.name, kind: "gone", hook: "remove" });
  }
}

function settle(state: FakeState, model: FakeModel, unit: FakeUnit, hook: string): void {
  if (unit.shown.workload === "error") return;
  unit.entered = relationsOf(model, unit.app).map(([endpoint]) => endpoint);
  const fault = state.faults.findIndex((f) => f.unit === unit.name && f.hook === hook);
  if (fault >= 0) {
    state.faults.splice(fault, 1);
    unit.shown = {
      workload: "error",
      message: `hook failed: "${hook}"`,
      agent: "idle",
      agentMessage: "",
    };
    return;
  }
  const status = settleUnit(model, unit);
  unit.shown = {
    workload: status.workload,
    message: status.message,
    agent: "idle",
    agentMessage: "",
  };
}

function gone(model: FakeModel, unit: FakeUnit): void {
  delete model.units[unit.name];
  unitRemoved(model, unit);
  const app = model.apps[unit.app];
  if (app?.removing && !Object.values(model.units).some((u) => u.app === app.name)) {
    delete model.apps[app.name];
    model.relations = model.relations.filter((r) =>
      r.a.split(":")[0] !== app.name && r.b.split(":")[0] !== app.name
    );
  }
}

/**
 * One poll: advance the model's clock and apply every event due.
 *
 * @param state The state (its faults are consumed), changed in place.
 * @param model The model, changed in place.
 */
export function advance(state: FakeState, model: FakeModel): void {
  model.poll++;
  const due = model.events.filter((e) => e.at <= model.poll).sort((a, b) => a.at - b.at);
  model.events = model.events.filter((e) => e.at > model.poll);
  for (const event of due) {
    const unit = model.units[event.unit];
    if (unit === undefined) continue;
    if (event.kind === "executing") {
      if (unit.shown.workload === "error") continue;
      unit.shown.agent = "executing";
      unit.shown.agentMessage = `running ${event.hook} hook`;
      if (event.hook === "upgrade-charm") delete unit.shown.upgradingFrom;
    } else if (event.kind === "settle") {
      settle(state, model, unit, event.hook);
    } else {
      gone(model, unit);
    }
  }
}
