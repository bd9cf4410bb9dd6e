/**
 * The offline build commands work as written: those docs/building.md shows
 * (`DENORT_BIN=… deno task build …`, `deno task build --binary …`) and those
 * the build's own failure message gives, for each architecture. Each is run
 * through `runBuild()` in a scratch copy of the charm, with its placeholder
 * paths filled in, a stand-in for `deno compile`, and `--out` added; each
 * must pack. The same commands without `--arch` are refused, which is what
 * the docs and the message once said to run.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ELF_MACHINES } from "../../src/build/binary_check.ts";
import { runBuild } from "../../src/build/cli.ts";
import { compileFailure } from "../../src/build/compile.ts";
import {
  type Architecture,
  DENO_TARGETS,
  denoTarget,
  hostArchitecture,
} from "../../src/build/platforms.ts";
import { buildGoodStandIn, writeElfHeader } from "../build/stand_in.ts";
import { blocksInSection, shellCommands } from "./claim_checks.ts";
import { readMarkdown } from "./markdown.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const host = hostArchitecture();
const work = await Deno.makeTempDir({ prefix: "offline_build_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
const standIn = await buildGoodStandIn(work);
const root = join(work, "charm");
await Deno.mkdir(root);
for (const name of ["charmcraft.yaml", "dispatch", "README.md", "LICENSE"]) {
  await Deno.copyFile(join(ROOT, name), join(root, name));
}

/** An executable `--arch` accepts for `arch`: the good stand-in here, an ELF header elsewhere. */
async function binaryFor(arch: Architecture): Promise<string> {
  if (arch === host) return standIn!;
  return await writeElfHeader(join(work, `elf-${arch}`), ELF_MACHINES[arch]);
}

/** The offline commands of docs/building.md. */
async function documentedCommands(): Promise<string[]> {
  const page = await readMarkdown(join(ROOT, "docs", "building.md"));
  return blocksInSection(page, "Build and pack").filter((block) => block.lang === "sh")
    .flatMap((block) => shellCommands(block.text))
    .map((command) => command.replace(/\s+# .*$/, ""))
    .filter((command) => /DENORT_BIN=|--binary /.test(command));
}

/** The commands in backquotes in the build's failure messages, for both architectures. */
function messageCommands(): string[] {
  const stderrs = [
    "error: Writing deno compile executable to temporary file\n\nCaused by:\n" +
    "    0: Setting up base binary.\n    1: dns error\n",
    "error: Could not find denort at /nonexistent/denort\n",
  ];
  return (Object.values(DENO_TARGETS)).flatMap((target) =>
    stderrs.flatMap((stderr) => {
      const error = compileFailure({ code: 1, stderr, target, denortBin: "/nonexistent/denort" });
      return [...error.message.matchAll(/`([^`]*deno task build[^`]*)`/g)].map((m) => m[1]!);
    })
  );
}

interface Outcome {
  readonly code: number;
  readonly lines: readonly string[];
}

/** Run `command` (`[VAR=value …] deno task build ARGS`) with its placeholders filled in. */
async function run(command: string, out: string): Promise<Outcome> {
  const words = command.split(/\s+/);
  const env: Record<string, string> = { SOURCE_DATE_EPOCH: "1700000000" };
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [name = "", ...value] = words.shift()!.split("=");
    env[name] = value.join("=");
  }
  assert.deepEqual(words.slice(0, 3), ["deno", "task", "build"], command);
  const args = words.slice(3);
  const arch = args[args.indexOf("--arch") + 1] as Architecture | undefined;
  const binary = args.indexOf("--binary");
  if (binary !== -1) args[binary + 1] = await binaryFor(arch ?? host);
  const lines: string[] = [];
  const code = await runBuild({
    args: [...args, "--out", out],
    root,
    cwd: work,
    env,
    writeOut: (line) => lines.push(line),
    writeError: (line) => lines.push(line),
    // Stands in for deno compile, which cannot get its runtime offline.
    compile: async ({ target, outFile }) => {
      await Deno.mkdir(join(outFile, ".."), { recursive: true });
      if (target === denoTarget(host)) await Deno.copyFile(standIn!, outFile);
      else await writeElfHeader(outFile, ELF_MACHINES[arch ?? host]);
      return outFile;
    },
  });
  return { code, lines };
}

Deno.test({
  name:
    "docs: the offline build commands of building.md and of the build's message pack as written",
  ignore: standIn === undefined,
  async fn() {
    const documented = await documentedCommands();
    assert.ok(documented.some((c) => c.startsWith("DENORT_BIN=")), "building.md shows DENORT_BIN");
    assert.ok(documented.some((c) => c.includes("--binary ")), "building.md shows --binary");
    const fromMessage = messageCommands();
    assert.equal(fromMessage.length, 8, "two commands in each of two messages, per architecture");
    const commands = [...new Set([...documented, ...fromMessage])];
    for (const [index, command] of commands.entries()) {
      const out = join(work, `out-${index}`);
      const outcome = await run(command, out);
      assert.equal(outcome.code, 0, `${command}:\n${outcome.lines.join("\n")}`);
      const packed = [...Deno.readDirSync(out)].map((entry) => entry.name);
      assert.equal(packed.length, 2, `${command} packs both bases of one architecture`);
    }
  },
});

Deno.test({
  name: "docs: the offline build commands without --arch are refused, naming --arch",
  ignore: standIn === undefined,
  async fn() {
    for (const command of await documentedCommands()) {
      const bare = command.replace(/ --arch \w+/, "");
      const outcome = await run(bare, join(work, "refused"));
      assert.equal(outcome.code, 1, bare);
      assert.match(outcome.lines.join("\n"), /add --arch$/);
    }
  },
});
