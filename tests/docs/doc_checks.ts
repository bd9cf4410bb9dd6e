/**
 * The checks the docs tests run, as functions that return what is wrong (an
 * empty list when nothing is), so each can also be shown to fail on a page
 * that is wrong on purpose.
 *
 * @module
 */

import { dirname, extname, resolve } from "node:path";
import {
  anchors,
  codeBlocks,
  codeSpans,
  headings,
  links,
  type MarkdownDoc,
  readMarkdown,
} from "./markdown.ts";
import type { MermaidParse } from "./mermaid_parser.ts";

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolve a relative link from a document to an absolute path.
 *
 * @param doc The document that holds the link.
 * @param href The link, e.g. `../README.md#deploy`.
 * @returns The target file's absolute path (the document itself for `#x`) and the
 * decoded anchor, or `undefined` for a link with a scheme (`https:`, `mailto:`).
 */
export function resolveLink(
  doc: MarkdownDoc,
  href: string,
): { path: string; anchor?: string } | undefined {
  if (URL_SCHEME.test(href)) return undefined;
  const hash = href.indexOf("#");
  const file = hash < 0 ? href : href.slice(0, hash);
  const path = file === "" ? resolve(doc.path) : resolve(dirname(doc.path), decodeURI(file));
  return hash < 0 ? { path } : { path, anchor: decodeURIComponent(href.slice(hash + 1)) };
}

/**
 * Find relative links that lead nowhere: a file or directory that does not
 * exist, an anchor that no heading of the target Markdown file has, or a
 * root-relative link (`/docs/x.md`), which works on no file system.
 *
 * @param doc The document to check.
 * @returns One line per broken link, `path:line: …`; empty when all resolve.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { brokenLinks } from "./doc_checks.ts";
 * import { parseMarkdown } from "./markdown.ts";
 * const text = "# A\n\n[ok](#a) [bad](#b) [web](https://documentation.ubuntu.com/juju/)\n";
 * const doc = parseMarkdown("/nowhere/a.md", text);
 * const problems = await brokenLinks(doc);
 * assert.ok(problems.length === 1 && problems[0]!.includes('"#b"'));
 * ```
 */
export async function brokenLinks(doc: MarkdownDoc): Promise<string[]> {
  const problems: string[] = [];
  const targets = new Map<string, Promise<MarkdownDoc>>();
  for (const link of links(doc)) {
    const where = `${doc.path}:${link.line}: link "${link.href}"`;
    if (link.href.startsWith("/")) {
      problems.push(`${where} is root-relative; make it relative to the page`);
      continue;
    }
    const target = resolveLink(doc, link.href);
    if (target === undefined) continue;
    if (target.path !== resolve(doc.path) && !await exists(target.path)) {
      problems.push(`${where}: no such file or directory: ${target.path}`);
      continue;
    }
    if (target.anchor === undefined || extname(target.path) !== ".md") continue;
    let targetDoc = target.path === resolve(doc.path)
      ? Promise.resolve(doc)
      : targets.get(target.path);
    if (targetDoc === undefined) {
      targetDoc = readMarkdown(target.path);
      targets.set(target.path, targetDoc);
    }
    if (!anchors(await targetDoc).has(target.anchor)) {
      problems.push(`${where}: no heading with anchor "#${target.anchor}" in ${target.path}`);
    }
  }
  return problems;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * The names documented as sections: level-3 headings that are one code span,
 * such as ``### `fileset` ``.
 *
 * @param doc The document.
 * @returns The names, in order.
 */
export function codeSectionNames(doc: MarkdownDoc): string[] {
  return headings(doc).filter((heading) => heading.depth === 3 && heading.isCodeSpan).map((
    heading,
  ) => heading.text);
}

/**
 * Compare the names a page documents as sections with the names that exist.
 *
 * @param doc The document, e.g. `docs/configuration.md`.
 * @param names The names that exist, e.g. the config options in `charmcraft.yaml`.
 * @returns One line per name without a section and per section without a name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sectionMismatches } from "./doc_checks.ts";
 * import { parseMarkdown } from "./markdown.ts";
 * const doc = parseMarkdown("c.md", "### `fileset`\n\n### `old-option`\n");
 * const problems = sectionMismatches(doc, ["fileset", "run-after-backup"]);
 * assert.ok(problems.length === 2);
 * ```
 */
export function sectionMismatches(doc: MarkdownDoc, names: readonly string[]): string[] {
  const sections = codeSectionNames(doc);
  return [
    ...names.filter((name) => !sections.includes(name)).map((name) =>
      `${doc.path}: "${name}" has no "### \`${name}\`" section`
    ),
    ...sections.filter((name) => !names.includes(name)).map((name) =>
      `${doc.path}: section "### \`${name}\`" documents something that does not exist`
    ),
  ];
}

/**
 * Find names a page does not mention as a code span (`` `name` ``).
 *
 * @param doc The document.
 * @param names The names it must mention.
 * @returns One line per missing name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { missingCodeSpans } from "./doc_checks.ts";
 * import { parseMarkdown } from "./markdown.ts";
 * const doc = parseMarkdown("a.md", "Runs on `config-changed` and remove.\n");
 * assert.ok(missingCodeSpans(doc, ["config-changed", "remove"]).length === 1);
 * ```
 */
export function missingCodeSpans(doc: MarkdownDoc, names: readonly string[]): string[] {
  const spans = codeSpans(doc);
  return names.filter((name) => !spans.has(name)).map((name) =>
    `${doc.path}: does not mention \`${name}\``
  );
}

/**
 * Parse every ```` ```mermaid ```` block with Mermaid's own parser.
 *
 * @param doc The document.
 * @param parse Mermaid's parser, from {@link loadMermaidParser}.
 * @returns The number of blocks parsed, and one line per block that does not parse.
 */
export async function mermaidProblems(
  doc: MarkdownDoc,
  parse: MermaidParse,
): Promise<{ blocks: number; problems: string[] }> {
  const problems: string[] = [];
  const blocks = codeBlocks(doc).filter((block) => block.lang === "mermaid");
  for (const block of blocks) {
    try {
      await parse(block.text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push(`${doc.path}:${block.line}: Mermaid block does not parse: ${message}`);
    }
  }
  return { blocks: blocks.length, problems };
}
