/**
 * The benchmark's report: the JSON a run writes, the table it prints, the
 * targets it checks, and the comparison with an earlier run.
 *
 * @module
 */

import { isObservedHook } from "../../src/charm/hooks.ts";
import { HOOK_TOOLS } from "../../src/juju/hook_tools.ts";
import type { BenchRole, BenchState } from "./bench_cases.ts";
import type { HookPathModules } from "./bench_modules.ts";

/** The ratio to the empty Deno program the steady-state hooks should stay within. */
export const STEADY_RATIO_TARGET = 1.7;

/**
 * The ratio to the empty Deno program an unobserved hook should stay within:
 * `dispatch` ends it in the shell, starting no runtime.
 */
export const UNOBSERVED_RATIO_TARGET = 0.2;

/** Most hook-tool calls a steady-state hook may make, by role; an unobserved hook makes none. */
export const CALL_TARGETS = { leader: 5, "non-leader": 4, unobserved: 0 } as const;

/** One row: a floor, the probe, or a case. */
export interface SubjectReport {
  /** The row's name. */
  readonly name: string;
  /** `floor`: `/bin/true` or the empty program; `probe`: the empty program making a case's tool calls; `case`: the charm. */
  readonly kind: "floor" | "probe" | "case";
  /** The hook, for a case. */
  readonly hook?: string;
  /** The state, for a case. */
  readonly state?: BenchState;
  /** The role, for a case. */
  readonly role?: BenchRole;
  /** Every timed run, in milliseconds, in order. */
  readonly samplesMs: readonly number[];
  /** The median. */
  readonly medianMs: number;
  /** The 95th percentile. */
  readonly p95Ms: number;
  /** The fastest run. */
  readonly minMs: number;
  /** The median over the empty program's median. */
  readonly ratioToEmpty: number;
  /** Hook-tool calls per run, by tool (cases and the probe). */
  readonly calls?: Readonly<Record<string, number>>;
  /** Hook-tool calls per run. */
  readonly totalCalls?: number;
  /** Files created or replaced per run. */
  readonly filesWritten?: number;
  /** Files removed per run. */
  readonly filesRemoved?: number;
  /** The largest peak RSS seen, in KiB; `null` when not measured. */
  readonly peakRssKiB: number | null;
}

/** The targets of the issue, checked. */
export interface TargetReport {
  /** The steady-state observed case with the highest ratio, and that ratio. */
  readonly steadyWorst: { readonly name: string; readonly ratio: number };
  /** The median ratio over the steady-state observed cases. */
  readonly steadyMedianRatio: number;
  /**
   * Whether the worst steady-state ratio is within {@link STEADY_RATIO_TARGET};
   * `null` when the run had no steady-state observed case (`--only`).
   */
  readonly steadyMet: boolean | null;
  /**
   * Most calls of a steady-state case, by role, and of the unobserved hook;
   * `null` for a kind of case the run did not have.
   */
  readonly maxCalls: {
    readonly leader: number | null;
    readonly "non-leader": number | null;
    readonly unobserved: number | null;
  };
  /**
   * Whether every count measured is within {@link CALL_TARGETS}; `null` when
   * the run measured none.
   */
  readonly callsMet: boolean | null;
  /** Whether the hook path has no unexpected module. */
  readonly modulesMet: boolean;
  /** The unobserved case with the highest ratio, and that ratio. */
  readonly unobservedWorst: { readonly name: string; readonly ratio: number };
  /**
   * Whether the worst unobserved ratio is within {@link UNOBSERVED_RATIO_TARGET};
   * `null` when the run had no unobserved case.
   */
  readonly unobservedMet: boolean | null;
  /**
   * Peak RSS side by side, in KiB: the empty program, the largest steady
   * observed case and the largest unobserved case; `null` when not measured.
   */
  readonly peakRss: {
    readonly empty: number | null;
    readonly steady: { readonly name: string; readonly kib: number } | null;
    readonly unobserved: { readonly name: string; readonly kib: number } | null;
  };
}

/** Everything a run measured; written with `--json`. */
export interface BenchReport {
  /** The format's version. */
  readonly version: 1;
  /** When the run started, ISO 8601. */
  readonly date: string;
  /** The machine and runtime. */
  readonly host: {
    readonly deno: string;
    readonly v8: string;
    readonly os: string;
    readonly arch: string;
    readonly cpus: number;
    readonly cpuModel: string;
  };
  /** The charm program: `binary` or `bundle`, its path, and how it was started. */
  readonly program: { readonly kind: string; readonly path: string; readonly how: string };
  /** How the empty program was started, and why not as the charm, if so. */
  readonly floor: { readonly how: string; readonly note?: string };
  /** Timed runs per row. */
  readonly iterations: number;
  /** Untimed runs per row first. */
  readonly warmup: number;
  /** How peak RSS was measured, or why it was not. */
  readonly rssMethod: string;
  /** The rows. */
  readonly subjects: readonly SubjectReport[];
  /** The hook path's module graph. */
  readonly modules: HookPathModules;
  /** The targets, checked. */
  readonly targets: TargetReport;
}

/** The name of the empty program's row. */
export const EMPTY_ROW = "empty Deno program";

/**
 * Check the targets.
 *
 * @param subjects The rows.
 * @param modules The hook path's module graph.
 * @returns What was reached.
 */
export function checkTargets(
  subjects: readonly SubjectReport[],
  modules: HookPathModules,
): TargetReport {
  const steady = subjects.filter((row) =>
    row.kind === "case" && row.state === "steady" && row.hook !== undefined &&
    !isUnobserved(row)
  );
  const unobserved = subjects.filter(isUnobserved);
  const worst = worstRatio(steady);
  const unobservedWorst = worstRatio(unobserved);
  const ratios = steady.map((row) => row.ratioToEmpty).sort((a, b) => a - b);
  const middle = ratios.length === 0 ? 0 : ratios[Math.floor((ratios.length - 1) / 2)] ?? 0;
  // A target over no case is not measured, neither met nor missed.
  const most = (rows: readonly SubjectReport[]) =>
    rows.length === 0 ? null : rows.reduce((found, row) => Math.max(found, row.totalCalls ?? 0), 0);
  const maxCalls = {
    leader: most(steady.filter((row) => row.role === "leader")),
    "non-leader": most(steady.filter((row) => row.role === "non-leader")),
    unobserved: most(subjects.filter(isUnobserved)),
  };
  const counted = (Object.keys(maxCalls) as (keyof typeof maxCalls)[]).filter((role) =>
    maxCalls[role] !== null
  );
  return {
    steadyWorst: worst,
    steadyMedianRatio: middle,
    steadyMet: steady.length === 0 ? null : worst.ratio <= STEADY_RATIO_TARGET,
    maxCalls,
    callsMet: counted.length === 0
      ? null
      : counted.every((role) => (maxCalls[role] ?? 0) <= CALL_TARGETS[role]),
    modulesMet: modules.unexpected.length === 0,
    unobservedWorst,
    unobservedMet: unobserved.length === 0
      ? null
      : unobservedWorst.ratio <= UNOBSERVED_RATIO_TARGET,
    peakRss: {
      empty: subjects.find((row) => row.name === EMPTY_ROW)?.peakRssKiB ?? null,
      steady: largestRss(steady),
      unobserved: largestRss(unobserved),
    },
  };
}

function worstRatio(rows: readonly SubjectReport[]): { name: string; ratio: number } {
  return rows.reduce<{ name: string; ratio: number }>(
    (found, row) =>
      row.ratioToEmpty > found.ratio ? { name: row.name, ratio: row.ratioToEmpty } : found,
    { name: "", ratio: 0 },
  );
}

function largestRss(rows: readonly SubjectReport[]): { name: string; kib: number } | null {
  return rows.reduce<{ name: string; kib: number } | null>(
    (found, row) =>
      row.peakRssKiB !== null && row.peakRssKiB > (found?.kib ?? -1)
        ? { name: row.name, kib: row.peakRssKiB }
        : found,
    null,
  );
}

function isUnobserved(row: SubjectReport): boolean {
  return row.kind === "case" && row.hook !== undefined && !isObservedHook(row.hook);
}

const TOOL_COLUMNS: readonly [string, string][] = [
  ["config-get", "cfg"],
  ["relation-ids", "ids"],
  ["is-leader", "ldr"],
  ["relation-get", "get"],
  ["relation-set", "set"],
  ["status-set", "sts"],
  ["juju-log", "log"],
];

/**
 * The report as a table, with a legend and the targets below it.
 *
 * @param report The report.
 * @param baseline An earlier report, to show each row's change of median.
 * @returns Lines of text.
 */
export function formatReport(report: BenchReport, baseline?: BenchReport): string {
  const before = new Map(baseline?.subjects.map((row) => [row.name, row]) ?? []);
  const header = [
    pad("row", 44),
    padStart("median", 7),
    padStart("p95", 7),
    padStart("×empty", 7),
    ...TOOL_COLUMNS.map(([, short]) => padStart(short, 4)),
    padStart("calls", 6),
    padStart("files", 6),
    padStart("RSS MiB", 8),
    ...(baseline === undefined ? [] : [padStart("Δmedian", 8)]),
  ].join("");
  const lines = [header, "-".repeat(header.length)];
  for (const row of report.subjects) {
    const previous = before.get(row.name);
    lines.push([
      pad(row.name, 44),
      padStart(row.medianMs.toFixed(1), 7),
      padStart(row.p95Ms.toFixed(1), 7),
      padStart(`${row.ratioToEmpty.toFixed(2)}`, 7),
      ...TOOL_COLUMNS.map(([tool]) =>
        padStart(row.calls === undefined ? "" : String(row.calls[tool] ?? "·"), 4)
      ),
      padStart(row.totalCalls === undefined ? "" : String(row.totalCalls), 6),
      padStart(
        row.filesWritten === undefined ? "" : `${row.filesWritten}/${row.filesRemoved ?? 0}`,
        6,
      ),
      padStart(row.peakRssKiB === null ? "n/a" : (row.peakRssKiB / 1024).toFixed(1), 8),
      ...(baseline === undefined ? [] : [padStart(change(previous, row), 8)]),
    ].join(""));
  }
  const t = report.targets;
  const mark = (ok: boolean | null) =>
    ok === null ? "not measured (this run has no such case: see --only)" : ok ? "met" : "NOT met";
  const count = (n: number | null) => n === null ? "-" : String(n);
  lines.push(
    "",
    "median and p95: wall milliseconds from dispatch start to exit; ×empty: median over the " +
      "empty Deno program's median;",
    `calls per run by tool (${
      TOOL_COLUMNS.map(([tool, short]) => `${short}=${tool}`).join(", ")
    });` +
      " files: written/removed per run; RSS: peak over the RSS runs.",
    `program: ${report.program.how}`,
    `floor:   ${report.floor.how}${
      report.floor.note === undefined ? "" : ` (${report.floor.note})`
    }`,
    `RSS:     ${report.rssMethod}`,
    "",
    `target steady-state ≤ ${STEADY_RATIO_TARGET}× the empty Deno program: ${mark(t.steadyMet)}` +
      (t.steadyMet === null
        ? ""
        : ` (worst ${t.steadyWorst.ratio.toFixed(2)}× ${t.steadyWorst.name}; ` +
          `median over steady cases ${t.steadyMedianRatio.toFixed(2)}×)`),
    `target unobserved hook through dispatch ≤ ${UNOBSERVED_RATIO_TARGET}× the empty Deno ` +
      `program: ${mark(t.unobservedMet)}` +
      (t.unobservedMet === null
        ? ""
        : ` (worst ${t.unobservedWorst.ratio.toFixed(3)}× ${t.unobservedWorst.name})`),
    `peak RSS: empty Deno program ${mib(t.peakRss.empty)}; steady hook ${
      mib(t.peakRss.steady?.kib ?? null)
    }${t.peakRss.steady === null ? "" : ` (${t.peakRss.steady.name})`}; unobserved hook ${
      mib(t.peakRss.unobserved?.kib ?? null)
    }${t.peakRss.unobserved === null ? "" : ` (${t.peakRss.unobserved.name})`}`,
    `target hook-tool calls, steady leader ≤ ${CALL_TARGETS.leader}, non-leader ≤ ` +
      `${CALL_TARGETS["non-leader"]}, unobserved ${CALL_TARGETS.unobserved}: ${mark(t.callsMet)}` +
      (t.callsMet === null
        ? ""
        : ` (${count(t.maxCalls.leader)}, ${count(t.maxCalls["non-leader"])}, ${
          count(t.maxCalls.unobserved)
        }; - not in this run)`),
    `target no unused module on the hook path: ${mark(t.modulesMet)} (npm: ${
      report.modules.npm.join(", ") || "none"
    }; ${report.modules.local.length} local modules${
      t.modulesMet ? "" : `; unexpected: ${report.modules.unexpected.join(", ")}`
    })`,
  );
  return lines.join("\n");
}

function mib(kib: number | null): string {
  return kib === null ? "n/a" : `${(kib / 1024).toFixed(1)} MiB`;
}

function change(previous: SubjectReport | undefined, row: SubjectReport): string {
  if (previous === undefined || previous.medianMs === 0) return "new";
  const percent = (row.medianMs / previous.medianMs - 1) * 100;
  return `${percent >= 0 ? "+" : ""}${percent.toFixed(1)}%`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)} ` : text.padEnd(width);
}

function padStart(text: string, width: number): string {
  return text.padStart(width);
}

/**
 * Count calls by tool, in the order of the tools the charm may run.
 *
 * @param tools The tool of each call.
 * @returns Counts by tool; tools not called are absent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { countCalls } from "./bench_report.ts";
 * const counts = countCalls(["config-get", "status-set", "juju-log", "juju-log"]);
 * assert.deepEqual(counts, { "config-get": 1, "status-set": 1, "juju-log": 2 });
 * ```
 */
export function countCalls(tools: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const tool of [...HOOK_TOOLS, ...tools]) {
    const n = tools.filter((name) => name === tool).length;
    if (n > 0) counts[tool] = n;
  }
  return counts;
}
