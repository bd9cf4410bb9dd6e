/**
 * Mermaid's own parser (`mermaid.parse` from the `mermaid` npm package),
 * loaded under Deno.
 *
 * Flowcharts parse without a browser, but other diagram types (C4 among them)
 * pass their labels through DOMPurify, which needs a `window` when it is
 * first imported. Deno has no `window`, so a jsdom window is installed as
 * `globalThis.window` before Mermaid is imported; Mermaid's grammar and
 * DOMPurify then run as they do in a browser. Each test module runs in its
 * own isolate, so the global stays inside the docs tests.
 *
 * (jsdom rather than happy-dom: happy-dom depends on `@types/node`, and an
 * `@types/node` in the npm graph replaces the Node.js types Deno ships for
 * every `node:` import of the project.)
 *
 * @module
 */

import { JSDOM } from "jsdom";

/** Parses one Mermaid diagram; rejects with Mermaid's error when it does not parse. */
export type MermaidParse = (text: string) => Promise<void>;

let loading: Promise<MermaidParse> | undefined;

/**
 * Load Mermaid once and return its parser.
 *
 * @returns A function that resolves when the diagram parses and rejects
 * with Mermaid's own `Parse error on line …` otherwise.
 */
export function loadMermaidParser(): Promise<MermaidParse> {
  loading ??= load();
  return loading;
}

async function load(): Promise<MermaidParse> {
  const globals = globalThis as { window?: unknown };
  globals.window ??= new JSDOM("").window;
  const { default: mermaid } = await import("mermaid");
  return async (text) => {
    await mermaid.parse(text);
  };
}
