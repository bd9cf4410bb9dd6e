/**
 * `dispatch` itself, with `env` standing in for the binary (it prints the
 * environment it was given): which hooks reach the binary, that every other
 * hook ends in the shell, and exactly which variables the binary gets. The
 * lists are checked against the binary's own and against the contract.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { OBSERVED_HOOKS } from "../../src/charm/hooks.ts";
import { OPT_DIR_ENV } from "../../src/charm/paths.ts";
import { JUJU_ENV_VARS } from "../../src/juju/context.ts";
import { HOOK_TOOLS } from "../../src/juju/hook_tools.ts";
import { CONTRACT_HOOK_TOOL_ENV_VARS, CONTRACT_OBSERVED_HOOKS } from "../contract.ts";
import { probeStrace, traceLines } from "../strace.ts";

const DISPATCH = fileURLToPath(new URL("../../dispatch", import.meta.url));

/** Hooks the charm does not observe, among them the most frequent. */
const UNOBSERVED_SAMPLE = [
  "update-status",
  "install",
  "start",
  "stop",
  "juju-info-relation-joined",
  "juju-info-relation-changed",
  "backup-relation-joined",
  "backup-relation-departed",
  "collect-metrics",
  "secret-changed",
  "secret-rotate",
  "pre-series-upgrade",
];

/** What `dispatch` hands the binary, when set: what the charm and its tools read, PATH, LANG. */
const CHOSEN = [...JUJU_ENV_VARS, OPT_DIR_ENV, ...CONTRACT_HOOK_TOOL_ENV_VARS, "PATH", "LANG"];

/** Variables a hook's environment may hold that change how a program loads or runs. */
const HOSTILE: Record<string, string> = {
  ld_preload: "x",
  LD_PRELOAD: "/nonexistent/evil.so",
  Ld_Library_Path: "/nonexistent/lib",
  DYLD_INSERT_LIBRARIES: "x",
  dyld_library_path: "/nonexistent",
  DENO_DIR: "/nonexistent/deno",
  DENO_V8_FLAGS: "--max-old-space-size=1",
  DENO_CERT: "/nonexistent/ca.pem",
  DENO_TLS_CA_STORE: "system",
  DENO_AUTH_TOKENS: "secret@example.com",
  DENO_NO_PROMPT: "1",
  NODE_OPTIONS: "--require=/nonexistent/evil.js",
  NODE_EXTRA_CA_CERTS: "/nonexistent/ca.pem",
  TMPDIR: "/nonexistent/tmp",
  HOME: "/root",
  RUST_LOG: "trace",
  RUST_BACKTRACE: "full",
  HTTPS_PROXY: "http://127.0.0.1:9",
};

/** A charm directory holding the real `dispatch`, with `/usr/bin/env` as its binary. */
interface StandIn {
  readonly dir: string;
  /** A directory of hook tools that log each call to `calls.log`. */
  readonly tools: string;
}

async function withStandIn(body: (charm: StandIn) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dispatch-routing-" });
  try {
    await Deno.copyFile(DISPATCH, `${dir}/dispatch`);
    await Deno.chmod(`${dir}/dispatch`, 0o755);
    await Deno.mkdir(`${dir}/bin`);
    await Deno.symlink("/usr/bin/env", `${dir}/bin/backup-integrator`);
    const tools = `${dir}/tools`;
    await Deno.mkdir(tools);
    for (const tool of HOOK_TOOLS) {
      await Deno.writeTextFile(`${tools}/${tool}`, `#!/bin/sh\necho "$0" >> '${dir}/calls.log'\n`, {
        mode: 0o755,
      });
    }
    await body({ dir, tools });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** What one run of `dispatch` did. */
interface Run {
  readonly code: number;
  /** The binary's environment, when it started; `undefined` when it did not. */
  readonly env: Map<string, string> | undefined;
  readonly stderr: string;
}

async function dispatch(charm: StandIn, env: Record<string, string>): Promise<Run> {
  const output = await new Deno.Command(`${charm.dir}/dispatch`, {
    // `-0`: `env` prints NUL-terminated entries, so values may hold newlines.
    args: ["-0"],
    cwd: charm.dir,
    env: { JUJU_CHARM_DIR: charm.dir, PATH: `${charm.tools}:/usr/bin:/bin`, ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    env: parseEnv(new TextDecoder().decode(output.stdout)),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

/** What `env -0` printed, by name; `undefined` when it printed nothing (it did not run). */
function parseEnv(stdout: string): Map<string, string> | undefined {
  if (stdout === "") return undefined;
  return new Map(
    stdout.split("\0").filter((entry) => entry !== "").map((entry) => {
      const equals = entry.indexOf("=");
      return [entry.slice(0, equals), entry.slice(equals + 1)];
    }),
  );
}

async function toolCalls(charm: StandIn): Promise<string> {
  return await Deno.readTextFile(`${charm.dir}/calls.log`).catch(() => "");
}

/** The words `dispatch`'s routing `case` lets through. */
async function routedPatterns(): Promise<string[]> {
  const text = await Deno.readTextFile(DISPATCH);
  const arm = /^case \$\{JUJU_DISPATCH_PATH-\} in\n([\s\S]*?)\) ;;\n\*\) exit 0 ;;\nesac$/m.exec(
    text,
  );
  assert.ok(arm?.[1] !== undefined, "dispatch routes with one case on JUJU_DISPATCH_PATH");
  return arm[1].split(/[\s|\\]+/).filter((word) => word !== "");
}

Deno.test("dispatch lets through exactly the binary's observed hooks, the contract's, and actions", async () => {
  const patterns = await routedPatterns();
  const hooks = patterns.filter((word) => word.startsWith("hooks/")).map((word) => word.slice(6));
  assert.deepEqual([...hooks].sort(), [...OBSERVED_HOOKS].sort());
  assert.deepEqual([...hooks].sort(), [...CONTRACT_OBSERVED_HOOKS].sort());
  assert.deepEqual(patterns.filter((word) => !word.startsWith("hooks/")), ["actions/*", '""']);
});

Deno.test("dispatch starts the binary for every observed hook", async () => {
  await withStandIn(async (charm) => {
    for (const hook of OBSERVED_HOOKS) {
      const run = await dispatch(charm, { JUJU_DISPATCH_PATH: `hooks/${hook}` });
      assert.equal(run.code, 0, `${hook}: ${run.stderr}`);
      assert.equal(run.env?.get("JUJU_DISPATCH_PATH"), `hooks/${hook}`, hook);
    }
  });
});

Deno.test("dispatch starts the binary for an action, and without JUJU_DISPATCH_PATH", async () => {
  await withStandIn(async (charm) => {
    for (
      const env of [{ JUJU_DISPATCH_PATH: "actions/backup-now" }, {}, { JUJU_DISPATCH_PATH: "" }]
    ) {
      const run = await dispatch(charm, { ...env, JUJU_HOOK_NAME: "config-changed" });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.env?.get("JUJU_HOOK_NAME"), "config-changed", JSON.stringify(env));
    }
  });
});

Deno.test("dispatch ends an unobserved hook with exit 0, without starting the binary or a tool", async () => {
  await withStandIn(async (charm) => {
    for (const hook of UNOBSERVED_SAMPLE) {
      const run = await dispatch(charm, {
        JUJU_DISPATCH_PATH: `hooks/${hook}`,
        JUJU_HOOK_NAME: hook,
      });
      assert.deepEqual(run, { code: 0, env: undefined, stderr: "" }, hook);
    }
    // Look-alikes of observed hooks are not observed either.
    for (const path of ["hooks/config-changed-x", "xhooks/config-changed", "hooks/remove/"]) {
      assert.equal((await dispatch(charm, { JUJU_DISPATCH_PATH: path })).env, undefined, path);
    }
    assert.equal(await toolCalls(charm), "");
  });
});

Deno.test("dispatch ends an unobserved hook without running any program, even with no PATH", async () => {
  await withStandIn(async (charm) => {
    const run = await dispatch(charm, {
      JUJU_DISPATCH_PATH: "hooks/update-status",
      PATH: "/nonexistent",
    });
    assert.deepEqual(run, { code: 0, env: undefined, stderr: "" });
  });
});

Deno.test("dispatch hands the binary exactly the variables it chose, values intact", async () => {
  await withStandIn(async (charm) => {
    const chosen = Object.fromEntries(
      CHOSEN.map((
        name,
        i,
      ) => [name, name === "PATH" ? `${charm.tools}:/usr/bin:/bin` : `v${i} *\n$x`]),
    );
    const juju = {
      JUJU_CHARM_DIR: charm.dir,
      CHARM_DIR: charm.dir,
      JUJU_MODEL_NAME: "m",
      JUJU_REMOTE_UNIT: "bacula-fd/0",
      JUJU_PRINCIPAL_UNIT: "ubuntu/0",
      JUJU_DEV_FEATURE_FLAGS: "x",
    };
    const run = await dispatch(charm, {
      ...HOSTILE,
      ...juju,
      ...chosen,
      JUJU_DISPATCH_PATH: "hooks/config-changed",
      JUJU_RELATION_ID: "",
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      Object.fromEntries([...run.env ?? []].sort()),
      Object.fromEntries(
        Object.entries({
          ...chosen,
          JUJU_DISPATCH_PATH: "hooks/config-changed",
          JUJU_RELATION_ID: "",
        })
          .sort(),
      ),
    );
  });
});

Deno.test("dispatch leaves a variable the hook did not set unset", async () => {
  await withStandIn(async (charm) => {
    const run = await dispatch(charm, { JUJU_DISPATCH_PATH: "actions/x", ...HOSTILE });
    assert.deepEqual([...run.env?.keys() ?? []].sort(), ["JUJU_DISPATCH_PATH", "PATH"]);
  });
});

Deno.test("dispatch's list of variables is what the charm and Juju's hook tools read, PATH and LANG", async () => {
  const text = await Deno.readTextFile(DISPATCH);
  const kept = [...text.matchAll(/\$\{([A-Z_]+)\+"([A-Z_]+)=\$([A-Z_]+)"\}/g)];
  for (const match of kept) assert.ok(match[1] === match[2] && match[2] === match[3], match[0]);
  assert.deepEqual(kept.map((match) => match[1]).sort(), [...CHOSEN].sort());
  assert.match(
    text,
    /^exec \/usr\/bin\/env -i \\$/m,
    "the binary starts from an empty environment",
  );
});

/** The `execve` and process-creating calls of `dispatch` for one hook, or why they cannot be seen. */
async function traceDispatch(charm: StandIn, hook: string): Promise<string[] | string> {
  return await traceLines({
    straceArgs: ["-f", "-qq", "-e", "trace=execve,fork,vfork,clone,clone3"],
    output: `${charm.dir}/trace`,
    command: ["./dispatch"],
    spawn: {
      cwd: charm.dir,
      env: {
        JUJU_DISPATCH_PATH: `hooks/${hook}`,
        JUJU_CHARM_DIR: charm.dir,
        PATH: "/usr/bin:/bin",
      },
      clearEnv: true,
    },
  });
}

const STRACE = await probeStrace("dispatch_routing_test.ts");

Deno.test({
  name: "dispatch runs nothing but the shell for update-status: one execve, no fork (strace)",
  ignore: STRACE.ignore,
  async fn() {
    STRACE.check();
    await withStandIn(async (charm) => {
      const traced = await traceDispatch(charm, "update-status");
      if (typeof traced === "string") throw new Error(traced);
      assert.equal(traced.length, 1, traced.join("\n"));
      assert.match(traced[0] ?? "", /execve\("\.\/dispatch"/);
      // The same trace of an observed hook shows the binary starting.
      const observed = await traceDispatch(charm, "config-changed");
      if (typeof observed === "string") throw new Error(observed);
      assert.ok(
        observed.some((line) => line.includes("bin/backup-integrator")),
        observed.join("\n"),
      );
    });
  },
});
