/**
 * `deno task bench`: every observed hook, many times, through the fake Juju
 * with canned hook tools, beside the floors (`/bin/true`, an empty Deno
 * program started the same way, and that program making the steady leader's
 * tool calls). Prints a table, optionally writes it as JSON. A benchmark, not
 * a test: it fails only when a run fails or takes another path than the
 * in-memory fake says it should, never on a number.
 *
 * @module
 */

import { inCallOrder } from "../fake_juju/call_order.ts";
import { fileURLToPath } from "node:url";
import { appDir, DEFAULT_OPT_DIR } from "../../src/charm/paths.ts";
import { takeCallLog } from "../fake_juju/canned_tools.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { type Flags, GNU_TIME, HELP, parseFlags, UsageError } from "./bench_args.ts";
import { type BenchCase, benchCaseSpecs, caseName, createBenchCase } from "./bench_cases.ts";
import { assertIsolated, ISOLATED_ENV, planIsolation, runForwarding } from "./bench_isolation.ts";
import { NAMESPACE_NEEDS, namespaceCommand, workingWays } from "./bench_namespace.ts";
import {
  compareSnapshots,
  type DirectorySnapshot,
  hasGnuTime,
  measureRss,
  type RunEffects,
  runOnce,
  snapshotDirectory,
  type Subject,
} from "./bench_measure.ts";
import { hookPathModules } from "./bench_modules.ts";
import { readBaseline, selectedCases } from "./bench_preflight.ts";
import { BUNDLE_RUNTIME_ARGS, notTheCharmHint, selectProgram } from "./bench_program.ts";
import {
  type BenchReport,
  checkTargets,
  countCalls,
  EMPTY_ROW,
  formatReport,
  type SubjectReport,
} from "./bench_report.ts";
import { summarize } from "./bench_stats.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const APP = "backup-integrator";

/** A row being measured. */
interface Row {
  readonly subject: Subject;
  readonly kind: SubjectReport["kind"];
  readonly benchCase?: BenchCase;
  readonly samples: number[];
  effects?: RunEffects;
  rss: number | null;
}

function caseSubject(benchCase: BenchCase): Subject {
  let snapshot: DirectorySnapshot = new Map();
  return {
    name: benchCase.name,
    path: `${benchCase.juju.charmDir}/dispatch`,
    cwd: benchCase.juju.charmDir,
    env: benchCase.env,
    before: async () => {
      await benchCase.prepare();
      await Deno.writeTextFile(benchCase.callLog, "");
      snapshot = await snapshotDirectory(benchCase.scriptsDir);
    },
    after: async () => {
      const calls = await takeCallLog(benchCase.callLog);
      checkCalls(benchCase, calls);
      const files = compareSnapshots(snapshot, await snapshotDirectory(benchCase.scriptsDir));
      return {
        calls: countCalls(calls.map((call) => call.tool)),
        filesWritten: files.written,
        filesRemoved: files.removed,
      };
    },
  };
}

function checkCalls(
  benchCase: BenchCase,
  calls: readonly { tool: string; args: readonly string[] }[],
) {
  const got = JSON.stringify(inCallOrder(calls));
  const expected = JSON.stringify(inCallOrder(benchCase.expected));
  if (got !== expected) {
    throw new Error(
      `The charm took another path than under the in-memory fake in "${benchCase.name}": ` +
        `expected ${expected}, got ${got}`,
    );
  }
}

/** A program making the given calls the way the charm's runner makes them, and nothing else. */
function probeSource(calls: BenchCase["replay"]): string {
  return [
    `const calls = ${JSON.stringify(calls)};`,
    "for (const call of calls) {",
    "  const child = new Deno.Command(call.tool, {",
    "    args: call.args,",
    '    stdin: call.stdin === undefined ? "null" : "piped",',
    '    stdout: "piped",',
    '    stderr: "piped",',
    "  }).spawn();",
    "  if (call.stdin !== undefined) {",
    "    const writer = child.stdin.getWriter();",
    "    await writer.write(new TextEncoder().encode(call.stdin));",
    "    await writer.close();",
    "  }",
    "  const output = await child.output();",
    "  if (!output.success) Deno.exit(1);",
    "  new TextDecoder().decode(output.stdout);",
    "}",
    "",
  ].join("\n");
}

/** Where the benchmark prints. */
export interface BenchOutput {
  /** Receives the table. */
  readonly writeOut: (text: string) => void;
  /** Receives progress lines and errors. */
  readonly writeError: (text: string) => void;
}

const CONSOLE: BenchOutput = {
  writeOut: (text) => console.log(text),
  writeError: (text) => console.error(text),
};

/**
 * Run the benchmark again in a private mount namespace where a temporary
 * directory stands for the base directory (see `bench_isolation.ts`).
 */
async function runIsolated(
  args: readonly string[],
  options: { binary: string; workDir: string; output: BenchOutput; flags: Flags },
): Promise<number> {
  const { binary, workDir, output, flags } = options;
  const ways = await workingWays(Deno.uid());
  const way = flags.namespace ?? ways[0];
  if (way === undefined || !ways.includes(way)) {
    output.writeError(
      `Cannot run the binary in a private mount namespace: ${
        way === undefined ? NAMESPACE_NEEDS : `--namespace ${way} does not work here`
      }; this process can use: ${ways.length === 0 ? "none" : ways.join(", ")}`,
    );
    return 1;
  }
  const deno = Deno.execPath();
  const plan = await planIsolation(workDir, { mustSee: [deno, ROOT, binary] });
  output.writeError(
    `running the binary in a private mount namespace (${way}): ${plan.source} stands for ${plan.target}`,
  );
  const command = [
    deno,
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-run",
    "--allow-env",
    "--allow-sys=uid",
    "--config",
    `${ROOT}/deno.json`,
    fileURLToPath(import.meta.url),
    ...args,
    `--binary=${binary}`,
  ];
  const path = Deno.env.get("PATH");
  const home = Deno.env.get("HOME");
  const namespaced = namespaceCommand({ mounts: plan.mounts, command }, {
    way,
    ...(path === undefined ? {} : { path }),
    ...(home === undefined ? {} : { home }),
  });
  return await runForwarding(namespaced, {
    env: { [ISOLATED_ENV]: plan.isolatedOptDir },
    writeOut: output.writeOut,
    writeError: output.writeError,
  });
}

async function run(
  flags: Flags,
  output: BenchOutput,
  options: { args: readonly string[]; baseline: BenchReport | undefined },
): Promise<number> {
  const { args, baseline } = options;
  const progress = output.writeError;
  const started = new Date();
  const workDir = await Deno.makeTempDir({ prefix: "bench-" });
  const harnesses: FakeJuju[] = [];
  const appDirs: string[] = [];
  try {
    const program = await selectProgram({
      root: ROOT,
      workDir,
      binary: flags.binary,
      bundle: flags.bundle,
    });
    if (program.sharedOptDir) {
      const isolated = Deno.env.get(ISOLATED_ENV);
      if (isolated === undefined) {
        return await runIsolated(args, { binary: program.path, workDir, output, flags });
      }
      await assertIsolated(isolated);
    }
    progress(`program: ${program.charm.how}`);
    const specs = benchCaseSpecs().filter((spec) =>
      flags.only === undefined || caseName(spec).includes(flags.only)
    );
    progress(`setting up ${specs.length} cases and the floors…`);
    const rows: Row[] = [];
    const add = (subject: Subject, kind: Row["kind"], benchCase?: BenchCase) =>
      rows.push({
        subject,
        kind,
        ...(benchCase === undefined ? {} : { benchCase }),
        samples: [],
        rss: null,
      });
    add({ name: "/bin/true", path: "/bin/true", env: {} }, "floor");
    const empty = await FakeJuju.create({ app: APP, ...program.empty.program });
    harnesses.push(empty);
    add({
      name: EMPTY_ROW,
      path: `${empty.charmDir}/dispatch`,
      cwd: empty.charmDir,
      env: await empty.hookEnvironment(`${APP}/0`, "config-changed"),
    }, "floor");
    const cases: BenchCase[] = [];
    for (const [index, spec] of specs.entries()) {
      const app = program.sharedOptDir ? `${APP}-bench-c${index}` : APP;
      const benchCase = await createBenchCase(spec, { program: program.charm.program, app });
      harnesses.push(benchCase.juju);
      if (program.sharedOptDir) appDirs.push(appDir(DEFAULT_OPT_DIR, app));
      cases.push(benchCase);
    }
    const steadyLeader = cases.find((c) =>
      c.spec.hook === "config-changed" && c.spec.state === "steady" && c.spec.role === "leader"
    );
    if (steadyLeader !== undefined) {
      const source = `${workDir}/probe.js`;
      await Deno.writeTextFile(source, probeSource(steadyLeader.replay));
      const probe = await FakeJuju.create({
        app: APP,
        entry: source,
        runtimeArgs: BUNDLE_RUNTIME_ARGS,
      });
      harnesses.push(probe);
      add({
        name: `probe: empty Deno + ${steadyLeader.expected.length} calls`,
        path: `${probe.charmDir}/dispatch`,
        cwd: probe.charmDir,
        env: { ...steadyLeader.env, JUJU_CHARM_DIR: probe.charmDir, CHARM_DIR: probe.charmDir },
        before: () => Deno.writeTextFile(steadyLeader.callLog, ""),
        after: async () => {
          const calls = await takeCallLog(steadyLeader.callLog);
          checkCalls(steadyLeader, calls);
          return {
            calls: countCalls(calls.map((call) => call.tool)),
            filesWritten: 0,
            filesRemoved: 0,
          };
        },
      }, "probe");
    }
    for (const benchCase of cases) add(caseSubject(benchCase), "case", benchCase);

    const rounds = flags.warmup + flags.iterations;
    for (let round = 0; round < rounds; round++) {
      progress(`round ${round + 1}/${rounds}${round < flags.warmup ? " (warm-up)" : ""}`);
      // Start each round at another row, so no row always follows the same one.
      for (let i = 0; i < rows.length; i++) {
        const row = rows[(i + round) % rows.length] as Row;
        const result = await runOnce(row.subject).catch((error: unknown) => {
          if (row.kind !== "case" || !(error instanceof Error)) throw error;
          throw new Error(`${error.message}.${notTheCharmHint(program)}`, { cause: error });
        });
        if (round >= flags.warmup) row.samples.push(result.ms);
        if (result.effects !== undefined) row.effects = result.effects;
      }
    }
    const rssMethod = await rssRuns(rows, { runs: flags.rssRuns, progress });
    const modules = await hookPathModules();
    const emptyMedian = summarize(rows[1]?.samples ?? [1]).median;
    const subjects = rows.map((row) => subjectReport(row, emptyMedian));
    const report: BenchReport = {
      version: 1,
      date: started.toISOString(),
      host: await hostInfo(),
      program: { kind: program.kind, path: program.path, how: program.charm.how },
      floor: {
        how: program.empty.how,
        ...(program.note === undefined ? {} : { note: program.note }),
      },
      iterations: flags.iterations,
      warmup: flags.warmup,
      rssMethod,
      subjects,
      modules,
      targets: checkTargets(subjects, modules),
    };
    output.writeOut(formatReport(report, baseline));
    if (flags.json !== undefined) {
      await Deno.writeTextFile(flags.json, `${JSON.stringify(report, null, 2)}\n`);
      output.writeOut(`\nwrote ${flags.json}`);
    }
    return 0;
  } finally {
    for (const juju of harnesses) await juju.cleanup();
    for (const dir of appDirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
    await Deno.remove(workDir, { recursive: true }).catch(() => {});
  }
}

async function rssRuns(
  rows: readonly Row[],
  options: { runs: number; progress: (line: string) => void },
): Promise<string> {
  const { runs, progress } = options;
  if (runs === 0) return "not measured (--rss-runs 0)";
  if (!await hasGnuTime(GNU_TIME)) {
    return `n/a: ${GNU_TIME} (GNU time, Debian package "time") is not installed`;
  }
  progress(`peak RSS: ${runs} runs per row under ${GNU_TIME}`);
  for (let round = 0; round < runs; round++) {
    for (const row of rows) {
      const kib = await measureRss(row.subject, GNU_TIME);
      row.rss = Math.max(row.rss ?? 0, kib);
    }
  }
  return `${GNU_TIME} -f %M (max RSS of the process and the children it waited for), ` +
    `largest of ${runs} runs`;
}

function subjectReport(row: Row, emptyMedian: number): SubjectReport {
  const summary = summarize(row.samples);
  const spec = row.benchCase?.spec;
  const effects = row.effects;
  return {
    name: row.subject.name,
    kind: row.kind,
    ...(spec === undefined ? {} : { hook: spec.hook, state: spec.state, role: spec.role }),
    samplesMs: row.samples.map((ms) => Math.round(ms * 1000) / 1000),
    medianMs: summary.median,
    p95Ms: summary.p95,
    minMs: summary.min,
    ratioToEmpty: summary.median / emptyMedian,
    ...(effects === undefined ? {} : {
      calls: effects.calls,
      totalCalls: Object.values(effects.calls).reduce((sum, n) => sum + n, 0),
      filesWritten: effects.filesWritten,
      filesRemoved: effects.filesRemoved,
    }),
    peakRssKiB: row.rss,
  };
}

async function hostInfo(): Promise<BenchReport["host"]> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    os: Deno.build.os,
    arch: Deno.build.arch,
    cpus: navigator.hardwareConcurrency,
    cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
  };
}

/**
 * Run the benchmark from the command line.
 *
 * @param args The arguments, without the program name.
 * @param output Where to print; the console when absent.
 * @returns 0 when done, 1 when a run failed or diverged, 2 for bad arguments.
 */
export async function benchMain(
  args: readonly string[],
  output: BenchOutput = CONSOLE,
): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.writeError(`${error.message}\n\n${HELP}`);
    return 2;
  }
  if (flags.help) {
    output.writeOut(HELP);
    return 0;
  }
  let baseline: BenchReport | undefined;
  try {
    selectedCases(flags.only);
    baseline = await readBaseline(flags.baseline);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.writeError(error.message);
    return 2;
  }
  try {
    return await run(flags, output, { args, baseline });
  } catch (error) {
    output.writeError(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(await benchMain(Deno.args));
}
