/**
 * The fake's answers in the shapes Juju 3.6 prints with `--format=json`
 * (its `cmd/juju/status` formatter: subordinates nested under their
 * principal's unit, `upgrading-from` on a unit being refreshed, messages and
 * `leader` omitted when empty or false; `juju exec` and `juju run` keyed by
 * unit, `return-code` always, `stdout`/`stderr` only when not empty). The
 * recorded outputs in `tests/integration/testdata/` have the same shapes.
 *
 * @module
 */

import { relationsOf } from "./charms.ts";
import type { FakeApp, FakeModel, FakeUnit } from "./state.ts";

const SINCE = "01 Dec 2026 12:00:00Z";
const VERSION = "3.6.12";

/**
 * A machine's address. bacula-server's is the loopback address, where the
 * scenarios' Baculum stand-in listens.
 *
 * @param model The model.
 * @param machine The machine id.
 * @returns Its address.
 */
export function machineAddress(model: FakeModel, machine: string): string {
  const onIt = Object.values(model.units).filter((u) => u.machine === machine);
  if (onIt.some((u) => model.apps[u.app]?.charm === "bacula-server")) return "127.0.0.1";
  return `10.203.51.${10 + Number(machine)}`;
}

function statusValue(current: string, message: string, extra: Record<string, string> = {}) {
  return { current, ...(message === "" ? {} : { message }), since: SINCE, ...extra };
}

function charmUrl(app: FakeApp): string {
  return app.origin === "local" ? `local:${app.charm}-${app.revision}` : app.charm;
}

function baseOf(base: string) {
  const [name, channel] = base.split("@");
  return { name: name ?? "ubuntu", channel: channel ?? "24.04" };
}

function visible(model: FakeModel, unit: FakeUnit): boolean {
  return unit.visibleFrom <= model.poll;
}

function unitJson(model: FakeModel, unit: FakeUnit, subordinates?: Record<string, unknown>) {
  return {
    "workload-status": statusValue(unit.shown.workload, unit.shown.message),
    "juju-status": statusValue(unit.shown.agent, unit.shown.agentMessage, { version: VERSION }),
    ...(unit.leader ? { leader: true } : {}),
    ...(unit.shown.upgradingFrom === undefined
      ? {}
      : { "upgrading-from": unit.shown.upgradingFrom }),
    ...(unit.principal === undefined ? { machine: unit.machine } : {}),
    "public-address": machineAddress(model, unit.machine),
    ...(subordinates === undefined || Object.keys(subordinates).length === 0
      ? {}
      : { subordinates }),
  };
}

function appJson(model: FakeModel, app: FakeApp, base: string) {
  const relations: Record<string, unknown[]> = {};
  for (const [endpoint, other] of relationsOf(model, app.name)) {
    const scope = endpoint === "juju-info" ? "container" : "global";
    (relations[endpoint] ??= []).push({ "related-application": other, interface: endpoint, scope });
  }
  const units = Object.values(model.units).filter((u) => u.app === app.name && visible(model, u));
  const first = units[0];
  return {
    charm: charmUrl(app),
    base: baseOf(base),
    "charm-origin": app.origin,
    "charm-name": app.charm,
    "charm-rev": app.revision,
    ...(app.channel === undefined ? {} : { "charm-channel": app.channel }),
    exposed: false,
    "application-status": statusValue(
      first?.shown.workload ?? "unknown",
      first?.shown.message ?? "",
    ),
    relations,
    ...(app.subordinate
      ? {
        "subordinate-to": relationsOf(model, app.name).filter(([e]) => e === "juju-info").map((
          [, other],
        ) => other),
      }
      : {
        units: Object.fromEntries(
          units.sort((a, b) => a.name.localeCompare(b.name)).map((u) => [
            u.name,
            unitJson(
              model,
              u,
              Object.fromEntries(
                Object.values(model.units).filter((s) =>
                  s.principal === u.name && visible(model, s)
                )
                  .map((s) => [s.name, unitJson(model, s)]),
              ),
            ),
          ]),
        ),
      }),
  };
}

/**
 * `juju status --format=json`.
 *
 * @param model The model, after this poll's events.
 * @param base The base every machine runs.
 * @returns The JSON text.
 */
export function statusJson(model: FakeModel, base = "ubuntu@24.04"): string {
  const machines = [
    ...new Set(
      Object.values(model.units).filter((u) => u.principal === undefined && visible(model, u)).map((
        u,
      ) => u.machine),
    ),
  ];
  return JSON.stringify({
    model: {
      name: model.name,
      type: "iaas",
      controller: "concierge-lxd",
      cloud: "localhost",
      region: "localhost",
      version: VERSION,
      "model-status": statusValue("available", ""),
      sla: "unsupported",
    },
    machines: Object.fromEntries(machines.map((id) => [id, {
      "juju-status": statusValue("started", "", { version: VERSION }),
      "dns-name": machineAddress(model, id),
      "ip-addresses": [machineAddress(model, id)],
      "instance-id": `juju-fake-${id}`,
      base: baseOf(base),
    }])),
    applications: Object.fromEntries(
      Object.values(model.apps).map((app) => [app.name, appJson(model, app, base)]),
    ),
  });
}

/**
 * `juju show-unit <unit> --format=json`: each relation the unit has entered
 * (as of its last hook) with the related application's data (here only what
 * an application published in `backup`).
 *
 * @param model The model.
 * @param unit The unit.
 * @returns The JSON text.
 */
export function showUnitJson(model: FakeModel, unit: FakeUnit): string {
  const address = machineAddress(model, unit.machine);
  const entered = relationsOf(model, unit.app).filter(([endpoint]) =>
    unit.entered.includes(endpoint)
  );
  const info = entered.map(([endpoint, other], index) => ({
    "relation-id": index,
    endpoint,
    "related-endpoint": endpoint,
    "application-data": endpoint === "backup" ? model.published[other] ?? {} : {},
    "related-units": Object.fromEntries(
      Object.values(model.units).filter((u) =>
        u.app === other && visible(model, u) &&
        (endpoint !== "juju-info" || u.machine === unit.machine)
      ).map((u) => [u.name, {
        "in-scope": true,
        data: {
          "egress-subnets": `${machineAddress(model, u.machine)}/32`,
          "ingress-address": machineAddress(model, u.machine),
          "private-address": machineAddress(model, u.machine),
        },
      }]),
    ),
  }));
  return JSON.stringify({
    [unit.name]: {
      "workload-version": "",
      machine: unit.machine,
      "opened-ports": [],
      "public-address": address,
      charm: charmUrl(model.apps[unit.app] as FakeApp),
      leader: unit.leader,
      life: "alive",
      "relation-info": info,
    },
  });
}

const TIMING = {
  completed: "2026-12-01 12:00:01 +0000 UTC",
  enqueued: "2026-12-01 12:00:00 +0000 UTC",
  started: "2026-12-01 12:00:00 +0000 UTC",
};

/**
 * `juju exec --unit <unit> --format=json` or `juju run <unit> <action> --format=json`.
 *
 * @param unit The unit.
 * @param id The task's id.
 * @param outcome The results, and for an action its status and message.
 * @returns The JSON text.
 */
export function taskJson(
  unit: string,
  id: number,
  outcome: {
    readonly results: Record<string, unknown>;
    readonly status?: string;
    readonly message?: string;
  },
): string {
  return JSON.stringify({
    [unit]: {
      id: String(id),
      ...(outcome.message === undefined ? {} : { message: outcome.message }),
      results: outcome.results,
      status: outcome.status ?? "completed",
      timing: TIMING,
      unit,
    },
  });
}
