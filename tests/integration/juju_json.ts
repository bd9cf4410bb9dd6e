/**
 * The `juju … --format=json` outputs the integration tests read, parsed into
 * the little they need; pure, and unit-tested on recorded outputs
 * (`testdata/`) written from Juju 3.6's formats.
 *
 * @module
 */

/** A unit's or application's status, as `juju status` shows it. */
export interface StatusValue {
  /** E.g. `active`, `blocked`, `waiting`, `idle`. */
  readonly current: string;
  /** The message, `""` when none. */
  readonly message: string;
}

/** A unit in `juju status`, principal or subordinate. */
export interface UnitStatus {
  /** E.g. `backup-integrator/0`. */
  readonly name: string;
  /** The status the charm set. */
  readonly workload: StatusValue;
  /** The agent's status: `idle`, `executing`, `error`…. */
  readonly agent: StatusValue;
  /** Whether it is its application's leader. */
  readonly leader: boolean;
  /** The machine it runs on (a subordinate: its principal's). */
  readonly machine: string;
  /** For a subordinate, its principal unit. */
  readonly principal: string | undefined;
  /** Its public address, `""` when not known yet. */
  readonly address: string;
  /**
   * The charm it is being refreshed from (`upgrading-from`), shown from
   * `juju refresh` until its `upgrade-charm` hook has run.
   */
  readonly upgradingFrom: string | undefined;
}

/** What the tests read of `juju status --format=json`. */
export interface ModelStatus {
  /** Every application, by name: its charm, and where the charm came from (`charmhub`, `local`). */
  readonly applications: Readonly<
    Record<string, { readonly charm: string; readonly origin: string }>
  >;
  /** Every unit, principal and subordinate, by name. */
  readonly units: Readonly<Record<string, UnitStatus>>;
}

/** One relation of a unit as `juju show-unit` shows it: the related side's data. */
export interface RelationInfo {
  /** The unit's own endpoint. */
  readonly endpoint: string;
  /** The related application's endpoint. */
  readonly relatedEndpoint: string;
  /** The related application's databag. */
  readonly applicationData: Readonly<Record<string, string>>;
  /** The related units' databags, by unit name. */
  readonly relatedUnits: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The outcome of `juju exec` on one unit or machine. */
export interface ExecResult {
  /** The command's exit code. */
  readonly code: number;
  /** Its stdout. */
  readonly stdout: string;
  /** Its stderr. */
  readonly stderr: string;
}

/** A JSON object, or a test-worthy error naming what was expected. */
function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Cannot read ${what}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function stringRecord(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  return Object.fromEntries(
    Object.entries(object(value, what)).map(([k, v]) => [k, String(v)]),
  );
}

function statusValue(value: unknown): StatusValue {
  if (value === undefined) return { current: "unknown", message: "" };
  const record = object(value, "a status");
  return { current: text(record["current"]), message: text(record["message"]) };
}

function unitStatus(
  name: string,
  value: unknown,
  machine: string,
  principal: string | undefined,
): UnitStatus {
  const unit = object(value, `unit "${name}"`);
  return {
    name,
    workload: statusValue(unit["workload-status"]),
    agent: statusValue(unit["juju-status"]),
    leader: unit["leader"] === true,
    machine: text(unit["machine"]) || machine,
    principal,
    address: text(unit["public-address"]),
    upgradingFrom: typeof unit["upgrading-from"] === "string" ? unit["upgrading-from"] : undefined,
  };
}

/**
 * Read `juju status --format=json`: applications, and every unit with its
 * subordinates flattened beside it.
 *
 * @param json The command's stdout.
 * @returns The applications and units.
 * @throws {TypeError} When the JSON is not shaped like `juju status` output.
 */
export function parseStatus(json: string): ModelStatus {
  const root = object(JSON.parse(json), "juju status");
  const applications: Record<string, { charm: string; origin: string }> = {};
  const units: Record<string, UnitStatus> = {};
  for (const [appName, appValue] of Object.entries(object(root["applications"] ?? {}, "apps"))) {
    const app = object(appValue, `application "${appName}"`);
    applications[appName] = { charm: text(app["charm"]), origin: text(app["charm-origin"]) };
    for (const [unitName, unitValue] of Object.entries(object(app["units"] ?? {}, "units"))) {
      const unit = unitStatus(unitName, unitValue, "", undefined);
      units[unitName] = unit;
      const subordinates = object(unitValue, unitName)["subordinates"] ?? {};
      for (const [subName, subValue] of Object.entries(object(subordinates, "subordinates"))) {
        units[subName] = unitStatus(subName, subValue, unit.machine, unitName);
      }
    }
  }
  return { applications, units };
}

/**
 * Read `juju show-unit <unit> --format=json`: the relations of one unit, each
 * with the *related* application's data.
 *
 * @param json The command's stdout.
 * @param unit The unit shown.
 * @returns Its relations, in the order shown.
 * @throws {TypeError} When the unit is missing or the JSON is not shaped like `show-unit` output.
 */
export function parseShowUnit(json: string, unit: string): RelationInfo[] {
  const root = object(JSON.parse(json), "juju show-unit");
  if (!(unit in root)) throw new TypeError(`Cannot read juju show-unit: "${unit}" is not shown`);
  const infos = object(root[unit], unit)["relation-info"] ?? [];
  if (!Array.isArray(infos)) throw new TypeError("Cannot read relation-info: not a list");
  return infos.map((value) => {
    const info = object(value, "a relation-info entry");
    const related = object(info["related-units"] ?? {}, "related-units");
    return {
      endpoint: text(info["endpoint"]),
      relatedEndpoint: text(info["related-endpoint"]),
      applicationData: stringRecord(info["application-data"], "application-data"),
      relatedUnits: Object.fromEntries(
        Object.entries(related).map(([name, u]) => [
          name,
          stringRecord(object(u, name)["data"], `${name} data`),
        ]),
      ),
    };
  });
}

/**
 * Read `juju exec --format=json` output for one unit or machine. Juju 3 keys
 * the result by target and omits `return-code`, `stdout` and `stderr` when
 * they are zero or empty.
 *
 * @param json The command's stdout.
 * @param target The unit (`ubuntu/0`) or machine (`0`) it ran on.
 * @returns The command's exit code and output.
 * @throws {TypeError} When the target is missing.
 */
export function parseExec(json: string, target: string): ExecResult {
  const root = object(JSON.parse(json), "juju exec");
  const entry = root[target] ?? root[`machine-${target}`];
  if (entry === undefined) {
    throw new TypeError(`Cannot read juju exec: no result for "${target}"`);
  }
  const results = object(object(entry, target)["results"] ?? {}, "results");
  const code = results["return-code"] ?? results["Code"] ?? 0;
  return {
    code: typeof code === "number" ? code : Number(code),
    stdout: text(results["stdout"] ?? results["Stdout"]),
    stderr: text(results["stderr"] ?? results["Stderr"]),
  };
}

/**
 * The units of one application, sorted by name.
 *
 * @param status The model's status.
 * @param app The application.
 * @returns Its units.
 */
export function unitsOf(status: ModelStatus, app: string): UnitStatus[] {
  return Object.values(status.units).filter((u) => u.name.startsWith(`${app}/`)).sort((a, b) =>
    a.name.localeCompare(b.name)
  );
}

/**
 * One line naming every unit's workload and agent status, for a time-out message.
 *
 * @param status The last status read, if any.
 * @returns E.g. `a/0 active/idle ""; a/1 waiting/executing "…"`.
 */
export function describeUnits(status: ModelStatus | undefined): string {
  if (status === undefined) return "no status read";
  return Object.values(status.units).map((u) =>
    `${u.name} ${u.workload.current}/${u.agent.current} ${JSON.stringify(u.workload.message)}`
  ).join("; ");
}

/**
 * Read `juju run <unit> <action> --format=json`: the action's results, once
 * it completed. Juju 3 keys the outcome by unit, like `juju exec`.
 *
 * @param json The command's stdout.
 * @param unit The unit the action ran on.
 * @returns The results the action set, without Juju's `return-code`.
 * @throws {TypeError} When the unit is missing or the action did not complete.
 */
export function parseActionResults(json: string, unit: string): Record<string, unknown> {
  const root = object(JSON.parse(json), "juju run");
  if (root[unit] === undefined) {
    throw new TypeError(`Cannot read juju run: no result for "${unit}"`);
  }
  const entry = object(root[unit], unit);
  if (entry["status"] !== "completed") {
    throw new TypeError(
      `Cannot read juju run: the action on "${unit}" is ${JSON.stringify(entry["status"])}` +
        `, not "completed": ${entry["message"] ?? ""}`,
    );
  }
  const { "return-code": _code, ...results } = object(entry["results"] ?? {}, "results");
  return results;
}
