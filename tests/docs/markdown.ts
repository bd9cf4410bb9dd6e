/**
 * Markdown as the docs tests see it, through `marked`'s lexer: headings and
 * the anchors GitHub gives them, links, fenced code blocks, code spans and
 * tables, each with the line it starts on.
 *
 * @module
 */

import GithubSlugger from "github-slugger";
import { Lexer, marked, type Token, type Tokens } from "marked";

/** One Markdown file, lexed. */
export interface MarkdownDoc {
  /** The file's path, as given. */
  readonly path: string;
  /** Its text. */
  readonly text: string;
  /** `marked`'s block tokens. */
  readonly tokens: readonly Token[];
}

/** A heading. */
export interface Heading {
  /** 1 for `#`, 2 for `##`, … */
  readonly depth: number;
  /** Its text without Markdown syntax, e.g. `fileset` for ``### `fileset` ``. */
  readonly text: string;
  /** Whether the heading is one code span and nothing else. */
  readonly isCodeSpan: boolean;
  /** The line it is on, from 1. */
  readonly line: number;
}

/** A link target: from an inline link, an image or a reference definition. */
export interface Link {
  /** The target as written, e.g. `configuration.md#fileset`. */
  readonly href: string;
  /** The line it is on, from 1. */
  readonly line: number;
}

/** A fenced or indented code block. */
export interface CodeBlock {
  /** The info string's language, e.g. `mermaid`; empty when there is none. */
  readonly lang: string;
  /** The code. */
  readonly text: string;
  /** The line the block starts on, from 1. */
  readonly line: number;
}

/** A table, each cell as plain text (a code span gives its content). */
export interface Table {
  /** The header cells. */
  readonly header: readonly string[];
  /** The body rows. */
  readonly rows: readonly (readonly string[])[];
  /** The line the table starts on, from 1. */
  readonly line: number;
}

/**
 * Lex Markdown text.
 *
 * @param path The file's path, kept for messages.
 * @param text The Markdown.
 * @returns The lexed document.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headings, parseMarkdown } from "./markdown.ts";
 * const doc = parseMarkdown("a.md", "# Title\n\n## `fileset`\n");
 * assert.ok(headings(doc)[1]?.text === "fileset");
 * ```
 */
export function parseMarkdown(path: string, text: string): MarkdownDoc {
  return { path, text, tokens: new Lexer({ gfm: true }).lex(text) };
}

/**
 * Read and lex a Markdown file.
 *
 * @param path The file's path.
 * @returns The lexed document.
 * @throws {Deno.errors.NotFound} When there is no such file.
 */
export async function readMarkdown(path: string): Promise<MarkdownDoc> {
  return parseMarkdown(path, await Deno.readTextFile(path));
}

function walk(doc: MarkdownDoc, visit: (token: Token) => void): void {
  marked.walkTokens([...doc.tokens], visit);
}

/**
 * The line a token starts on: where its source text first occurs.
 *
 * @param doc The document.
 * @param raw The token's source text.
 * @returns A line number from 1; 0 when the text is not found.
 */
export function lineOf(doc: MarkdownDoc, raw: string): number {
  const index = doc.text.indexOf(raw);
  return index < 0 ? 0 : doc.text.slice(0, index).split("\n").length;
}

/**
 * The plain text of inline tokens: what a reader sees, without the syntax.
 *
 * @param tokens Inline tokens.
 * @returns Their text, code spans included as their content.
 */
export function plainText(tokens: readonly Token[]): string {
  return tokens.map((token) => {
    if (token.type === "html") return "";
    if ("tokens" in token && Array.isArray(token.tokens)) {
      return plainText(token.tokens as Token[]);
    }
    return "text" in token && typeof token.text === "string" ? token.text : "";
  }).join("");
}

/**
 * Every heading, in order.
 *
 * @param doc The document.
 * @returns The headings.
 */
export function headings(doc: MarkdownDoc): Heading[] {
  const found: Heading[] = [];
  walk(doc, (token) => {
    if (token.type !== "heading") return;
    const inline = token.tokens ?? [];
    found.push({
      depth: token.depth,
      text: plainText(inline),
      isCodeSpan: inline.length === 1 && inline[0]?.type === "codespan",
      line: lineOf(doc, token.raw),
    });
  });
  return found;
}

/**
 * The anchors a link can point at: GitHub's slug of every heading (a repeated
 * heading gets `-1`, `-2`, …), and the `id` or `name` of any HTML anchor.
 *
 * @param doc The document.
 * @returns The anchors, without `#`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { anchors, parseMarkdown } from "./markdown.ts";
 * const doc = parseMarkdown("a.md", "## Run `juju refresh`\n\n## Notes\n\n## Notes\n");
 * const found = anchors(doc);
 * assert.ok(found.has("run-juju-refresh") && found.has("notes-1"));
 * ```
 */
export function anchors(doc: MarkdownDoc): Set<string> {
  const slugger = new GithubSlugger();
  const found = new Set(headings(doc).map((heading) => slugger.slug(heading.text)));
  for (const match of doc.text.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) {
    if (match[1] !== undefined) found.add(match[1]);
  }
  return found;
}

/**
 * Every link target: inline links, images and reference definitions. Text in
 * code spans and code blocks is not a link.
 *
 * @param doc The document.
 * @returns The targets in order.
 */
export function links(doc: MarkdownDoc): Link[] {
  const found: Link[] = [];
  walk(doc, (token) => {
    if (token.type === "link" || token.type === "image" || token.type === "def") {
      found.push({ href: token.href, line: lineOf(doc, token.raw) });
    }
  });
  return found;
}

/**
 * Every code block.
 *
 * @param doc The document.
 * @returns The blocks in order.
 */
export function codeBlocks(doc: MarkdownDoc): CodeBlock[] {
  const found: CodeBlock[] = [];
  walk(doc, (token) => {
    if (token.type === "code") {
      found.push({
        lang: (token.lang ?? "").split(/\s/)[0] ?? "",
        text: token.text,
        line: lineOf(doc, token.raw),
      });
    }
  });
  return found;
}

/**
 * The content of every code span, in text, lists, headings and tables.
 *
 * @param doc The document.
 * @returns The distinct contents.
 */
export function codeSpans(doc: MarkdownDoc): Set<string> {
  const found = new Set<string>();
  walk(doc, (token) => {
    if (token.type === "codespan") found.add(token.text);
  });
  return found;
}

/**
 * Every table.
 *
 * @param doc The document.
 * @returns The tables in order.
 */
export function tables(doc: MarkdownDoc): Table[] {
  const found: Table[] = [];
  walk(doc, (token) => {
    if (token.type !== "table") return;
    const table = token as Tokens.Table;
    const cell = (c: Tokens.TableCell) => plainText(c.tokens).trim();
    found.push({
      header: table.header.map(cell),
      rows: table.rows.map((row) => row.map(cell)),
      line: lineOf(doc, table.raw),
    });
  });
  return found;
}
