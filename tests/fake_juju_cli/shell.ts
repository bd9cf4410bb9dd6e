/**
 * The commands the integration scenarios run with `juju exec`, carried out
 * on a fake machine's files: `stat -c '%a %U %G %n' …` (with `*` globs),
 * `cat`, `test [!] -e|-d P [&& echo A] [|| echo B]`, and the `find … -regex
 * … -print [-exec rm -rf {} +]` of docs/upgrading.md. Anything else is
 * answered from scripted rules, or fails with exit 127 so a scenario that
 * runs something new fails loudly instead of passing on a guess.
 *
 * @module
 */

import type { ExecRule, MachineFiles } from "./state.ts";

/** What a command printed and returned. */
export interface ShellResult {
  /** Exit code. */
  readonly code: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

interface Word {
  readonly text: string;
  /** The unquoted `*`s as a pattern, when there is one. */
  readonly glob: RegExp | undefined;
  /** Whether it is an operator (`&&`, `||`). */
  readonly operator: boolean;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Split a command into words: quotes, unquoted `*`, `&&` and `||`. */
function words(command: string): Word[] | undefined {
  const result: Word[] = [];
  let i = 0;
  while (i < command.length) {
    if (command[i] === " ") {
      i++;
      continue;
    }
    const op = command.slice(i, i + 2);
    if (op === "&&" || op === "||") {
      result.push({ text: op, glob: undefined, operator: true });
      i += 2;
      continue;
    }
    let text = "";
    let pattern = "";
    let glob = false;
    while (i < command.length && command[i] !== " ") {
      const c = command[i] as string;
      if (c === "'" || c === '"') {
        const end = command.indexOf(c, i + 1);
        if (end < 0) return undefined;
        const quoted = command.slice(i + 1, end);
        text += quoted;
        pattern += escape(quoted);
        i = end + 1;
      } else if ("|&;<>$`\\(){}".includes(c) && !(c === "{" || c === "}")) {
        return undefined;
      } else {
        if (c === "*") glob = true;
        text += c;
        pattern += c === "*" ? "[^/]*" : escape(c);
        i++;
      }
    }
    result.push({ text, glob: glob ? new RegExp(`^${pattern}$`) : undefined, operator: false });
  }
  return result;
}

function expand(files: MachineFiles, word: Word): string[] {
  if (word.glob === undefined) return [word.text];
  const matches = Object.keys(files).filter((p) => word.glob?.test(p)).sort();
  return matches.length > 0 ? matches : [word.text];
}

function stat(files: MachineFiles, format: string, paths: string[]): ShellResult {
  if (format !== "%a %U %G %n") return unsupported(`stat -c '${format}'`);
  let stdout = "";
  let stderr = "";
  for (const path of paths) {
    const entry = files[path];
    if (entry === undefined) {
      stderr += `stat: cannot statx '${path}': No such file or directory\n`;
    } else {
      stdout += `${entry.mode.toString(8)} ${entry.owner} ${entry.owner} ${path}\n`;
    }
  }
  return { code: stderr === "" ? 0 : 1, stdout, stderr };
}

function unsupported(command: string): ShellResult {
  return { code: 127, stdout: "", stderr: `fake juju exec: unsupported command: ${command}\n` };
}

/** `test [!] -e|-d P`, then optionally `&& echo A`, then optionally `|| echo B`. */
function testCommand(files: MachineFiles, argv: string[]): ShellResult | undefined {
  const negate = argv[1] === "!";
  const [flag, path, ...rest] = argv.slice(negate ? 2 : 1);
  if ((flag !== "-e" && flag !== "-d") || path === undefined) return undefined;
  const entry = files[path];
  let ok = flag === "-e" ? entry !== undefined : entry?.kind === "dir";
  if (negate) ok = !ok;
  let stdout = "";
  let code = ok ? 0 : 1;
  let i = 0;
  if (rest[i] === "&&" && rest[i + 1] === "echo" && rest[i + 2] !== undefined) {
    if (ok) stdout += `${rest[i + 2]}\n`;
    i += 3;
  }
  if (rest[i] === "||" && rest[i + 1] === "echo" && rest[i + 2] !== undefined) {
    if (!ok) stdout += `${rest[i + 2]}\n`;
    code = 0;
    i += 3;
  }
  if (i !== rest.length) return undefined;
  return { code, stdout, stderr: "" };
}

const FIND_PREFIX = [
  "-mindepth",
  "1",
  "-maxdepth",
  "1",
  "-type",
  "d",
  "-regextype",
  "posix-extended",
  "-regex",
];

function find(files: MachineFiles, argv: string[]): ShellResult | undefined {
  const [, root, ...rest] = argv;
  if (root === undefined || FIND_PREFIX.some((w, i) => rest[i] !== w)) return undefined;
  const regex = rest[FIND_PREFIX.length];
  const actions = rest.slice(FIND_PREFIX.length + 1).join(" ");
  if (regex === undefined || !["-print", "-print -exec rm -rf {} +"].includes(actions)) {
    return undefined;
  }
  const pattern = new RegExp(`^${regex}$`);
  const found = Object.keys(files).filter((p) =>
    files[p]?.kind === "dir" && p.startsWith(`${root}/`) &&
    !p.slice(root.length + 1).includes("/") &&
    pattern.test(p)
  ).sort();
  if (actions.includes("rm")) {
    for (const dir of found) removeTree(files, dir);
  }
  return { code: 0, stdout: found.map((p) => `${p}\n`).join(""), stderr: "" };
}

/**
 * Remove a path and everything under it.
 *
 * @param files The machine's files, changed in place.
 * @param path The path.
 */
export function removeTree(files: MachineFiles, path: string): void {
  for (const p of Object.keys(files)) {
    if (p === path || p.startsWith(`${path}/`)) delete files[p];
  }
}

/**
 * Run one command on a fake machine.
 *
 * @param files The machine's files, changed in place by `find … -exec rm`.
 * @param command The shell command given to `juju exec`.
 * @param rules Scripted answers for commands it cannot carry out, first match wins.
 * @returns What the command printed and returned.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runShell } from "./shell.ts";
 * const files = { "/opt/x": { kind: "dir" as const, mode: 0o700, owner: "root", content: "" } };
 * assert.equal(runShell(files, "test -d '/opt/x' && echo yes || echo no", []).stdout, "yes\n");
 * ```
 */
export function runShell(
  files: MachineFiles,
  command: string,
  rules: readonly ExecRule[],
): ShellResult {
  const parsed = command.includes("\n") ? undefined : words(command);
  const argv = parsed?.flatMap((w) => (w.operator ? [w.text] : expand(files, w)));
  let result: ShellResult | undefined;
  if (argv !== undefined) {
    if (argv[0] === "stat" && argv[1] === "-c" && argv[2] !== undefined) {
      result = stat(files, argv[2], argv.slice(3));
    } else if (argv[0] === "cat" && argv.length === 2) {
      const entry = files[argv[1] as string];
      result = entry?.kind === "file"
        ? { code: 0, stdout: entry.content, stderr: "" }
        : { code: 1, stdout: "", stderr: `cat: ${argv[1]}: No such file or directory\n` };
    } else if (argv[0] === "test") {
      result = testCommand(files, argv);
    } else if (argv[0] === "find") {
      result = find(files, argv);
    }
  }
  if (result !== undefined) return result;
  const rule = rules.find((r) => new RegExp(r.match).test(command));
  if (rule !== undefined) return { code: rule.code, stdout: rule.stdout, stderr: "" };
  return unsupported(command);
}
