/**
 * `deno task simulate`: try the charm without a Juju controller. Runs the real
 * `dispatch` for one hook, or one of the charm's actions (as `juju run` does),
 * through the fake Juju of the tests and prints what `juju status` and
 * `juju show-unit` would show, the action's results, the script files and every
 * hook-tool call. With `--state FILE` the model and the unit's files stay
 * between calls, so a user can watch the charm converge hook after hook.
 *
 * @module
 */

import { dirname, relative, resolve } from "node:path";
import { scriptsDir } from "../../src/charm/paths.ts";
import { isTemporaryName } from "../../src/charm/script_store.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { readCharmActions, readCharmOptions } from "../fake_juju/charm_options.ts";
import { FakeJuju, type HookResult } from "../fake_juju/fake_juju.ts";
import type { FakeAction, FakeModel } from "../fake_juju/model.ts";
import {
  parseSimulateArgs,
  SIMULATE_HELP,
  type SimulateArgs,
  SimulateUsageError,
} from "./simulate_args.ts";
import { applyArgs, DEFAULT_UNIT, loadState, newModel, saveState } from "./simulate_model.ts";
import { formatSimulation, type SimulatedFile, type Simulation } from "./simulate_report.ts";

/** Where `simulate` writes. */
export interface SimulateOutput {
  /** Receives the report. */
  readonly writeOut: (text: string) => void;
  /** Receives usage errors. */
  readonly writeError: (text: string) => void;
  /** The directory relative paths (`--state`, `KEY=@FILE`) start from. */
  readonly cwd: string;
}

/**
 * Run one simulated hook from the command line.
 *
 * @param args The arguments, without the program name.
 * @param output Where to print.
 * @returns The hook's exit code; 2 for bad arguments.
 */
export async function simulateMain(
  args: readonly string[],
  output: SimulateOutput,
): Promise<number> {
  let parsed: SimulateArgs;
  try {
    parsed = parseSimulateArgs(args, (path) => Deno.readTextFileSync(resolve(output.cwd, path)));
  } catch (error) {
    if (!(error instanceof SimulateUsageError)) throw error;
    output.writeError(`${error.message}\n\n${SIMULATE_HELP}`);
    return 2;
  }
  if (parsed.help) {
    output.writeOut(SIMULATE_HELP);
    return 0;
  }
  try {
    const simulation = await simulate(
      parsed.state === undefined ? parsed : { ...parsed, state: resolve(output.cwd, parsed.state) },
    );
    const where = parsed.state === undefined
      ? "a temporary directory, removed after the hook"
      : relative(output.cwd, simulation.optDir) || ".";
    output.writeOut(
      parsed.json ? JSON.stringify(simulation, null, 2) : formatSimulation(simulation, where),
    );
    return simulation.exitCode;
  } catch (error) {
    if (!(error instanceof SimulateUsageError)) throw error;
    output.writeError(error.message);
    return 2;
  }
}

/**
 * Run one hook as the command line says.
 *
 * @param args The parsed command line.
 * @returns What the hook showed.
 * @throws {SimulateUsageError} When the command line does not fit the state.
 */
export async function simulate(args: SimulateArgs): Promise<Simulation> {
  const statePath = args.state === undefined ? undefined : resolve(args.state);
  const saved = statePath === undefined ? undefined : await loadState(statePath);
  const options = await readCharmOptions();
  const model: FakeModel = saved?.model ?? newModel(args.unit ?? DEFAULT_UNIT, options);
  const { unit, relationId } = applyArgs(model, args, options);
  model.calls = [];
  const logsBefore = model.units[unit]?.logs.length ?? 0;
  const optDir = saved?.optDir ?? (statePath === undefined ? undefined : `${statePath}.opt`);
  const juju = await FakeJuju.create({
    app: model.app,
    units: Object.keys(model.units),
    ...(optDir === undefined ? {} : { optDir }),
    entry: await charmEntry(),
    recordStarts: true,
  });
  try {
    await juju.update((fresh) => {
      for (const key of Object.keys(fresh)) {
        delete (fresh as unknown as Record<string, unknown>)[key];
      }
      Object.assign(fresh, model);
    });
    const dir = scriptsDir(juju.optDir, model.app);
    const before = await readFiles(dir);
    const isAction = (await readCharmActions()).includes(args.hook);
    const result: HookResult & { action?: FakeAction } = isAction
      ? await juju.runAction(unit, args.hook)
      : await juju.runHook(unit, args.hook, relationId === undefined ? {} : { relationId });
    const after = await juju.model();
    const state = after.units[unit];
    if (statePath !== undefined) {
      await Deno.mkdir(dirname(statePath), { recursive: true });
      await saveState(statePath, { version: 1, optDir: juju.optDir, model: after });
    }
    return {
      hook: args.hook,
      unit,
      leader: state?.leader ?? false,
      ...(relationId === undefined ? {} : { relationId }),
      exitCode: result.exitCode,
      binaryStarted: result.binaryStarted ?? true,
      ...(result.action !== undefined
        ? {
          action: {
            status: result.action.status,
            message: result.action.message,
            results: result.action.results,
          },
        }
        : {}),
      stderr: result.stderr,
      status: state?.status ?? { status: "unknown", message: "" },
      relations: Object.entries(after.relations)
        .filter(([, relation]) => relation.endpoint === "backup")
        .map(([id, relation]) => ({
          id,
          remoteApp: relation.remoteApp,
          remoteUnit: relation.remoteUnits[0] ?? `${relation.remoteApp}/0`,
          appData: relation.appData[after.app] ?? {},
        })),
      optDir: juju.optDir,
      scriptsDir: dir,
      files: compareFiles(before, await readFiles(dir)),
      calls: result.calls.map((call) => ({
        tool: call.tool,
        args: call.args,
        ...(call.stdin === undefined ? {} : { stdin: call.stdin }),
      })),
      logs: state?.logs.slice(logsBefore) ?? [],
    };
  } finally {
    await juju.cleanup();
  }
}

interface FileState {
  readonly identity: string;
  readonly size: number;
  readonly mode: number;
  readonly firstLine: string;
}

async function readFiles(dir: string): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>();
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch {
    return files;
  }
  for (const entry of entries) {
    if (isTemporaryName(entry.name)) continue;
    const path = `${dir}/${entry.name}`;
    const info = await Deno.lstat(path);
    const content = info.isFile ? await Deno.readFile(path) : new Uint8Array();
    const text = new TextDecoder().decode(content.subarray(0, 200));
    files.set(entry.name, {
      identity: `${info.ino}:${info.ctime?.getTime()}`,
      size: info.size,
      mode: (info.mode ?? 0) & 0o7777,
      firstLine: text.split("\n")[0]?.slice(0, 60) ?? "",
    });
  }
  return files;
}

function compareFiles(
  before: ReadonlyMap<string, FileState>,
  after: ReadonlyMap<string, FileState>,
): SimulatedFile[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.map((name) => {
    const now = after.get(name);
    if (now === undefined) return { name, change: "removed", size: 0, mode: "", firstLine: "" };
    return {
      name,
      change: before.get(name)?.identity === now.identity ? "unchanged" : "written",
      size: now.size,
      mode: `0${now.mode.toString(8)}`,
      firstLine: now.firstLine,
    };
  });
}

if (import.meta.main) {
  Deno.exit(
    await simulateMain(Deno.args, {
      writeOut: (text) => console.log(text),
      writeError: (text) => console.error(text),
      // `deno task` runs in the directory of deno.json; INIT_CWD is where the user was.
      cwd: Deno.env.get("INIT_CWD") ?? Deno.cwd(),
    }),
  );
}
