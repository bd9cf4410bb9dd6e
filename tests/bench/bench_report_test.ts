import assert from "node:assert/strict";
import {
  type BenchReport,
  checkTargets,
  EMPTY_ROW,
  formatReport,
  type SubjectReport,
} from "./bench_report.ts";

function row(name: string, extra: Partial<SubjectReport>): SubjectReport {
  return {
    name,
    kind: "case",
    samplesMs: [1],
    medianMs: 1,
    p95Ms: 1,
    minMs: 1,
    ratioToEmpty: 1,
    peakRssKiB: null,
    ...extra,
  };
}

const MODULES = {
  local: ["src/main.ts"],
  npm: ["zod@4.6.7/mini"],
  unexpected: [],
  actionOnly: ["src/action/run_action.ts"],
};

const ROWS: SubjectReport[] = [
  row(EMPTY_ROW, { kind: "floor", medianMs: 20, ratioToEmpty: 1, peakRssKiB: 27_000 }),
  row("config-changed steady leader", {
    hook: "config-changed",
    state: "steady",
    role: "leader",
    medianMs: 30,
    ratioToEmpty: 1.5,
    calls: {
      "config-get": 1,
      "relation-ids": 1,
      "is-leader": 1,
      "relation-get": 1,
      "status-set": 1,
    },
    totalCalls: 5,
    filesWritten: 0,
    filesRemoved: 0,
  }),
  row("config-changed steady non-leader", {
    hook: "config-changed",
    state: "steady",
    role: "non-leader",
    medianMs: 34,
    ratioToEmpty: 1.75,
    totalCalls: 4,
  }),
  row("config-changed changed leader", {
    hook: "config-changed",
    state: "changed",
    role: "leader",
    ratioToEmpty: 3,
    totalCalls: 9,
  }),
  row("update-status steady leader", {
    hook: "update-status",
    state: "steady",
    role: "leader",
    ratioToEmpty: 0.05,
    totalCalls: 0,
    peakRssKiB: 1_536,
  }),
];

Deno.test("checkTargets() judges the steady-state ratio and the call counts, not the changed state", () => {
  const targets = checkTargets(ROWS, MODULES);
  assert.deepEqual(targets.steadyWorst, { name: "config-changed steady non-leader", ratio: 1.75 });
  assert.equal(targets.steadyMet, false);
  assert.deepEqual(targets.maxCalls, { leader: 5, "non-leader": 4, unobserved: 0 });
  assert.equal(targets.callsMet, true);
  assert.equal(targets.modulesMet, true);
});

Deno.test("checkTargets() judges every unobserved hook against 0.2× the empty program, and sets RSS side by side", () => {
  const targets = checkTargets(ROWS, MODULES);
  assert.deepEqual(targets.unobservedWorst, { name: "update-status steady leader", ratio: 0.05 });
  assert.equal(targets.unobservedMet, true);
  assert.deepEqual(targets.peakRss, {
    empty: 27_000,
    steady: null,
    unobserved: { name: "update-status steady leader", kib: 1_536 },
  });
  const slow = [...ROWS, row("install steady leader", { hook: "install", ratioToEmpty: 0.21 })];
  const missed = checkTargets(slow, MODULES);
  assert.deepEqual(missed.unobservedWorst, { name: "install steady leader", ratio: 0.21 });
  assert.equal(missed.unobservedMet, false);
  assert.equal(checkTargets(ROWS.slice(0, 3), MODULES).unobservedMet, null);
});

/** A report of these rows, judged by {@link checkTargets}. */
function reportOf(subjects: readonly SubjectReport[]): BenchReport {
  return {
    version: 1,
    date: "2025-01-01T00:00:00.000Z",
    host: { deno: "2.9.6", v8: "x", os: "linux", arch: "x86_64", cpus: 2, cpuModel: "cpu" },
    program: { kind: "bundle", path: "/b.js", how: "the bundle" },
    floor: { how: "an empty file" },
    iterations: 1,
    warmup: 0,
    rssMethod: "none",
    subjects,
    modules: MODULES,
    targets: checkTargets(subjects, MODULES),
  };
}

Deno.test("formatReport() prints one line per row, the targets, and the change from a baseline", () => {
  const report = reportOf(ROWS);
  const baseline = { ...report, subjects: ROWS.map((r) => ({ ...r, medianMs: r.medianMs * 2 })) };
  const text = formatReport(report, baseline);
  assert.match(
    text,
    /^config-changed steady leader +30\.0 +1\.0 +1\.50 +1 +1 +1 +1 +· +1 +· +5 +0\/0 +n\/a +-50\.0%$/m,
  );
  assert.match(text, /^empty Deno program +20\.0 .* 26\.4 +-50\.0%$/m);
  assert.match(text, /steady-state ≤ 1\.7× the empty Deno program: NOT met \(worst 1\.75×/);
  assert.match(text, /steady leader ≤ 5, non-leader ≤ 4, unobserved 0: met \(5, 4, 0;/);
  assert.match(
    text,
    /unobserved hook through dispatch ≤ 0\.2× the empty Deno program: met \(worst 0\.050× update-status steady leader\)/,
  );
  assert.match(
    text,
    /^peak RSS: empty Deno program 26\.4 MiB; steady hook n\/a; unobserved hook 1\.5 MiB \(update-status steady leader\)$/m,
  );
});

Deno.test("checkTargets() scores no target over an empty set: --only update-status measures no steady observed case", () => {
  const only = ROWS.filter((row) => row.hook === "update-status");
  assert.equal(only.length, 1);
  const targets = checkTargets(only, MODULES);
  assert.equal(targets.steadyMet, null, "no steady observed case: not measured, not missed");
  assert.deepEqual(targets.maxCalls, { leader: null, "non-leader": null, unobserved: 0 });
  assert.equal(targets.callsMet, true, "the unobserved hook's count is measured and met");
  const none = checkTargets([], MODULES);
  assert.equal(none.callsMet, null);
  const text = formatReport(reportOf(only));
  assert.match(text, /empty Deno program: not measured \(this run has no such case/);
  assert.match(text, /unobserved 0: met \(-, -, 0; - not in this run\)/);
});
