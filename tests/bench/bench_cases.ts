/**
 * The benchmark's cases: each observed hook, in a steady state (nothing to
 * change) and a changed one (new config, first relation), on the leader and
 * on a non-leader; and an unobserved hook. Each case gets its own fake Juju,
 * with canned hook tools whose answers come from the same hook run against
 * the in-memory fake, so the charm takes the same path it would there.
 *
 * @module
 */

import { OBSERVED_HOOKS } from "../../src/charm/hooks.ts";
import { appDir, scriptsDir } from "../../src/charm/paths.ts";
import { createScriptStore, SCRIPT_MODE } from "../../src/charm/script_store.ts";
import type { HookToolCall } from "../../src/juju/hook_tool_runner.ts";
import {
  cannedAnswers,
  type LoggedCall,
  recordAnswers,
  writeCannedTools,
} from "../fake_juju/canned_tools.ts";
import { FakeJuju, type FakeJujuOptions } from "../fake_juju/fake_juju.ts";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { createModel, type CreateModelOptions, type FakeModel } from "../fake_juju/model.ts";

/** Whether the hook has something to change. */
export type BenchState = "steady" | "changed";

/** Which unit runs the hook. */
export type BenchRole = "leader" | "non-leader";

/** One case: a hook, a state and a role. */
export interface BenchCaseSpec {
  /** The hook, e.g. `config-changed`. */
  readonly hook: string;
  /** Steady: config, files and relation data already agree; changed: new config, first relation. */
  readonly state: BenchState;
  /** The leader (`<app>/0`) or a non-leader (`<app>/1`). */
  readonly role: BenchRole;
}

/** How the charm is started: the fake Juju's launcher options. */
export type CaseProgram = Pick<FakeJujuOptions, "entry" | "runtimeArgs" | "binary" | "optDir">;

/** Options for {@link createBenchCase}. */
export interface BenchCaseOptions {
  /** How the charm is started. */
  readonly program: CaseProgram;
  /** The application name; distinct per case when cases share a base directory. */
  readonly app: string;
}

/** A case ready to run: its fake Juju with canned tools, and what a run must do. */
export interface BenchCase {
  /** The case. */
  readonly spec: BenchCaseSpec;
  /** Its name, e.g. `config-changed steady leader`. */
  readonly name: string;
  /** The harness; {@link FakeJuju.cleanup} it when done. */
  readonly juju: FakeJuju;
  /** The environment Juju gives `dispatch` for the hook. */
  readonly env: Readonly<Record<string, string>>;
  /** The canned tools' call log. */
  readonly callLog: string;
  /** The calls the in-memory fake saw for the same hook; every run must make exactly these. */
  readonly expected: readonly LoggedCall[];
  /** Each call with its stdin, for a program that replays the calls. */
  readonly replay: readonly HookToolCall[];
  /** The application's scripts directory. */
  readonly scriptsDir: string;
  /** Put the scripts directory back in the case's starting state. */
  prepare(): Promise<void>;
}

/** The unobserved hook measured: it must run no hook tool. */
export const UNOBSERVED_HOOK = "update-status";

/** The relation every case has. */
export const BENCH_RELATION = "backup:1";

const OLD_SCRIPTS = {
  "run-before-backup": "#!/bin/sh\nset -e\npg_dump app > /var/backups/app.sql\n",
};

/** The configuration every case runs with. */
export const BENCH_CONFIG: Readonly<Record<string, string>> = {
  fileset: "/var/backups,/etc/app",
  "run-before-backup": "#!/bin/sh\nset -e\npg_dump --clean app > /var/backups/app.sql\n",
  "run-after-backup": "#!/bin/sh\nrm -f /var/backups/app.sql\n",
};

/**
 * Every case: each observed hook × steady and changed × leader and non-leader,
 * then the unobserved hook on each role.
 *
 * @returns The cases in a fixed order.
 */
export function benchCaseSpecs(): BenchCaseSpec[] {
  const specs: BenchCaseSpec[] = [];
  const roles: BenchRole[] = ["leader", "non-leader"];
  for (const hook of OBSERVED_HOOKS) {
    for (const state of ["steady", "changed"] as const) {
      for (const role of roles) specs.push({ hook, state, role });
    }
  }
  for (const role of roles) specs.push({ hook: UNOBSERVED_HOOK, state: "steady", role });
  return specs;
}

/**
 * A case's name.
 *
 * @param spec The case.
 * @returns E.g. `config-changed steady leader`.
 */
export function caseName(spec: BenchCaseSpec): string {
  return `${spec.hook} ${spec.state} ${spec.role}`;
}

/**
 * Set a case up: the fake Juju, the starting files, the model, and canned
 * tools answering as the in-memory fake answered the same hook.
 *
 * @param spec The case.
 * @param options How the charm is started, and the application name.
 * @returns The case, its files in the starting state.
 * @throws {Error} When the in-memory run of the hook fails.
 */
export async function createBenchCase(
  spec: BenchCaseSpec,
  options: BenchCaseOptions,
): Promise<BenchCase> {
  const { app } = options;
  const leader = `${app}/0`;
  const unit = spec.role === "leader" ? leader : `${app}/1`;
  const modelOptions: CreateModelOptions = {
    app,
    units: [leader, `${app}/1`],
    config: BENCH_CONFIG,
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  };
  const juju = await FakeJuju.create({ ...modelOptions, ...options.program });
  try {
    const model = createModel(modelOptions);
    const dir = scriptsDir(juju.optDir, app);
    const prepare = () => prepareFiles(spec, { optDir: juju.optDir, app });
    if (spec.state === "steady") await converge(model, { optDir: juju.optDir, leader });
    await juju.update((saved) => Object.assign(saved, structuredClone(model)));
    await prepare();
    const recorded: { call: HookToolCall; stdout: string }[] = [];
    const relationHook = spec.hook.startsWith("backup-relation-");
    const result = await runHookInMemory(structuredClone(model), {
      unit,
      hook: spec.hook,
      optDir: juju.optDir,
      ...(relationHook ? { relationId: BENCH_RELATION } : {}),
      wrapRunner: (runner) =>
        recordAnswers(runner, (call, stdout) => recorded.push({ call, stdout })),
    });
    if (result.exitCode !== 0) {
      throw new Error(`Cannot set up "${caseName(spec)}": ${result.errors.join("; ")}`);
    }
    const callLog = `${juju.dir}/calls.log`;
    await writeCannedTools(juju.toolsDir, { answers: cannedAnswers(recorded), callLog });
    await prepare();
    return {
      spec,
      name: caseName(spec),
      juju,
      env: await juju.hookEnvironment(
        unit,
        spec.hook,
        relationHook ? { relationId: BENCH_RELATION } : {},
      ),
      callLog,
      expected: result.calls.map((call) => ({ tool: call.tool, args: call.args })),
      replay: recorded.map(({ call }) => call),
      scriptsDir: dir,
      prepare,
    };
  } catch (error) {
    await juju.cleanup();
    throw error;
  }
}

/** Bring files and relation data in line with the config, as the leader's first hook would. */
async function converge(model: FakeModel, where: { optDir: string; leader: string }) {
  const result = await runHookInMemory(model, {
    unit: where.leader,
    hook: "config-changed",
    optDir: where.optDir,
  });
  if (result.exitCode !== 0) throw new Error(`Cannot converge: ${result.errors.join("; ")}`);
  model.calls = [];
  for (const unit of Object.values(model.units)) unit.logs = [];
}

/**
 * The starting files: steady, what the config asks for (nothing, for
 * `remove`); changed, the scripts of an older config (for `remove`, the
 * config's scripts, all to be removed).
 */
async function prepareFiles(spec: BenchCaseSpec, where: { optDir: string; app: string }) {
  if (spec.state === "steady" && spec.hook !== "remove") return;
  await Deno.remove(appDir(where.optDir, where.app), { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  if (spec.state === "steady") return;
  const store = createScriptStore(scriptsDir(where.optDir, where.app));
  const { fileset: _, ...configScripts } = BENCH_CONFIG;
  const scripts = spec.hook === "remove" ? configScripts : OLD_SCRIPTS;
  const encoder = new TextEncoder();
  for (const [name, content] of Object.entries(scripts)) {
    await store.write(name, encoder.encode(content), SCRIPT_MODE);
  }
}
