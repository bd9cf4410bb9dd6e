/**
 * Checks of what the operator and contributor pages claim, as functions that
 * return what is wrong (an empty list when nothing is), so each can be shown
 * to fail on a page that is wrong on purpose (`claim_checks_test.ts`).
 *
 * @module
 */

import { type CodeBlock, codeBlocks, headings, type MarkdownDoc } from "./markdown.ts";

/**
 * The code blocks of one section: after the heading with this text, before
 * the next heading of the same or a higher level.
 *
 * @param doc The document.
 * @param title The heading's text, e.g. `Try it without Juju`.
 * @returns The blocks, in order.
 * @throws {RangeError} When no heading has that text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { blocksInSection } from "./claim_checks.ts";
 * import { parseMarkdown } from "./markdown.ts";
 * const doc = parseMarkdown("a.md", "## A\n\n~~~sh\na\n~~~\n\n## B\n\n~~~sh\nb\n~~~\n");
 * assert.deepEqual(blocksInSection(doc, "A").map((block) => block.text), ["a"]);
 * ```
 */
export function blocksInSection(doc: MarkdownDoc, title: string): CodeBlock[] {
  const all = headings(doc);
  const index = all.findIndex((heading) => heading.text === title);
  const start = all[index];
  if (start === undefined) throw new RangeError(`${doc.path} has no heading "${title}"`);
  const end = all.slice(index + 1).find((heading) => heading.depth <= start.depth)?.line ??
    Infinity;
  return codeBlocks(doc).filter((block) => block.line > start.line && block.line < end);
}

/**
 * The commands of a shell block: lines joined where they end with `\`,
 * comments and blank lines dropped, `$ ` prompts removed.
 *
 * @param text The block's text.
 * @returns One string per command.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shellCommands } from "./claim_checks.ts";
 * assert.deepEqual(shellCommands("# x\n$ deno task a \\\n  --b\n\ndeno task c # d\n"), [
 *   "deno task a --b",
 *   "deno task c # d",
 * ]);
 * ```
 */
export function shellCommands(text: string): string[] {
  return text.replace(/\\\n\s*/g, "").split("\n").map((line) => line.replace(/^\$ /, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/**
 * The `deno task` names a page's shell blocks run.
 *
 * @param doc The document.
 * @returns Each task named after `deno task`, once, in order of first use.
 */
export function denoTasksRun(doc: MarkdownDoc): string[] {
  const names = codeBlocks(doc).filter((block) => ["sh", "bash", "shell"].includes(block.lang))
    .flatMap((block) => shellCommands(block.text))
    .flatMap((command) => [...command.matchAll(/\bdeno task (?:--[^\s]+ )*([\w:-]+)/g)])
    .map((match) => match[1] ?? "");
  return [...new Set(names)];
}

/**
 * Compare the tasks a page runs with the tasks `deno.json` defines.
 *
 * @param used The tasks the page runs (see {@link denoTasksRun}).
 * @param defined The names in `deno.json`'s `tasks`.
 * @returns One line per task the page runs that does not exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { missingTasks } from "./claim_checks.ts";
 * assert.deepEqual(missingTasks(["test", "tset"], ["test"]), ['"deno task tset" is not a task of deno.json']);
 * ```
 */
export function missingTasks(used: readonly string[], defined: readonly string[]): string[] {
  return used.filter((name) => !defined.includes(name)).map((name) =>
    `"deno task ${name}" is not a task of deno.json`
  );
}

/**
 * A documented message as a regular expression: each `<placeholder>` stands
 * for any text; the rest is literal. `(empty)` stands for the empty message.
 *
 * @param documented E.g. `invalid config: fileset: "<entry>" is not an absolute path`.
 * @returns A regular expression matching the whole message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { messagePattern } from "./claim_checks.ts";
 * assert.ok(messagePattern('x: "<entry>" (U+<hex>)').test('x: "/a b" (U+0020)'));
 * assert.ok(messagePattern("(empty)").test(""));
 * ```
 */
export function messagePattern(documented: string): RegExp {
  if (documented === "(empty)") return /^$/;
  const parts = documented.split(/<[^<>\s][^<>]*>/);
  return new RegExp(
    `^${parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+")}$`,
  );
}

/**
 * Compare the status messages a page documents with messages the code
 * produced: every documented message must match at least one produced
 * message (so it is one the code gives), and every produced message must
 * match a documented one (so none is missing from the page).
 *
 * @param documented The messages as the page writes them, placeholders in `<…>`.
 * @param produced Messages the code gave, one for each way of giving one.
 * @returns One line per documented message the code never gave and per
 * produced message the page does not document.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { statusMismatches } from "./claim_checks.ts";
 * const problems = statusMismatches(["a <x>", "gone"], ["a 1", "new"]);
 * assert.equal(problems.length, 2);
 * ```
 */
export function statusMismatches(
  documented: readonly string[],
  produced: readonly string[],
): string[] {
  const patterns = documented.map((message) => ({ message, pattern: messagePattern(message) }));
  return [
    ...patterns.filter(({ pattern }) => !produced.some((message) => pattern.test(message)))
      .map(({ message }) => `documented, but the code never gives it: ${JSON.stringify(message)}`),
    ...produced.filter((message) => !patterns.some(({ pattern }) => pattern.test(message)))
      .map((message) => `the code gives it, but it is not documented: ${JSON.stringify(message)}`),
  ];
}

/**
 * The messages a TypeScript source returns, as patterns: each string or
 * template literal after `return` (or after `rule:` / `message:`), with every
 * `${…}` standing for any text.
 *
 * @param source The text of a function or module.
 * @returns One pattern per literal, anchored at the end (a rule ends a message).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { returnedMessages } from "./claim_checks.ts";
 * const [rule] = returnedMessages("if (x) return `is ${n} long`;");
 * assert.ok(rule!.test('invalid config: fileset: "a" is 5 long'));
 * ```
 */
export function returnedMessages(source: string): RegExp[] {
  const literals = source.matchAll(/(?:return|rule:|message:)\s+(`[^`]*`|"[^"]*"|'[^']*')/g);
  return [...literals].map((match) => {
    const body = (match[1] ?? "").slice(1, -1);
    const parts = body.split(/\$\{[^}]*\}/);
    return new RegExp(
      `${parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+")}$`,
    );
  });
}

/**
 * The message patterns no produced message matches: a way the code can give
 * a message that the sample of produced messages misses.
 *
 * @param patterns From {@link returnedMessages}.
 * @param produced The sample.
 * @returns One line per pattern nothing matched.
 */
export function unreachedMessages(
  patterns: readonly RegExp[],
  produced: readonly string[],
): string[] {
  return patterns.filter((pattern) => !produced.some((message) => pattern.test(message))).map((
    pattern,
  ) => `no sample message matches ${pattern}: add an input that gives it`);
}

/**
 * Compare a page's platform table with the platforms `charmcraft.yaml` declares.
 *
 * @param rows The table's rows as `[base, architecture, …]`, e.g. `["ubuntu@24.04", "arm64"]`.
 * @param declared The platforms as `base/architecture`, e.g. `ubuntu@24.04/arm64`.
 * @returns One line per platform listed and not declared, or declared and not listed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { platformMismatches } from "./claim_checks.ts";
 * const problems = platformMismatches([["ubuntu@22.04", "amd64"]], ["ubuntu@24.04/amd64"]);
 * assert.equal(problems.length, 2);
 * ```
 */
export function platformMismatches(
  rows: readonly (readonly string[])[],
  declared: readonly string[],
): string[] {
  const listed = rows.map(([base = "", architecture = ""]) => `${base}/${architecture}`);
  return [
    ...listed.filter((p) => !declared.includes(p)).map((p) =>
      `the table lists ${p}, which charmcraft.yaml does not declare`
    ),
    ...declared.filter((p) => !listed.includes(p)).map((p) =>
      `charmcraft.yaml declares ${p}, which the table does not list`
    ),
  ];
}

/**
 * The text of every `.ts` file under a directory, subdirectories included.
 *
 * @param dir The directory.
 * @returns Each file's text, in no particular order.
 */
export async function sourceTexts(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) texts.push(...await sourceTexts(path));
    else if (entry.name.endsWith(".ts")) texts.push(await Deno.readTextFile(path));
  }
  return texts;
}
