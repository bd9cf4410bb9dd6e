/**
 * The sizes docs/building.md quotes come from a measurement: the bundle is
 * bundled and gzipped, and a `.charm` is packed with the C stand-in the tests
 * use, here, and each figure must be within {@link TOLERANCE} of what was
 * measured. A change that moves a size further than that fails this test,
 * naming the figure to write.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bundleCharm } from "../../src/build/bundle.ts";
import { readCharmSources } from "../../src/build/charm_files.ts";
import { readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { packCharm } from "../../src/build/pack.ts";
import { charmPlatforms, hostArchitecture } from "../../src/build/platforms.ts";
import { buildGoodStandIn } from "../build/stand_in.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PAGE = join(ROOT, "docs", "building.md");
/** How far a quoted figure may be from the measured one, as a fraction. */
const TOLERANCE = 0.1;

/** The number in `text` that `pattern`'s first group captures, commas dropped. */
function quoted(text: string, pattern: RegExp): number {
  const match = pattern.exec(text.replace(/\s+/g, " "));
  assert.ok(match?.[1] !== undefined, `docs/building.md has no figure matching ${pattern}`);
  return Number(match[1].replaceAll(",", ""));
}

function assertNear(figure: number, measured: number, what: string): void {
  assert.ok(
    Math.abs(figure - measured) <= measured * TOLERANCE,
    `docs/building.md says ${what} is ${figure}; measured now: ${measured}`,
  );
}

const work = await Deno.makeTempDir({ prefix: "figures_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));

Deno.test("docs: building.md quotes the bundle's size and gzipped size as measured", async () => {
  const text = await Deno.readTextFile(PAGE);
  const bundle = await Deno.readFile(await bundleCharm({ outFile: join(work, "bundle.js") }));
  const gzipped = gzipSync(bundle, { level: 9 }).length;
  assertNear(quoted(text, /--minify`: ([\d,]+) bytes/), bundle.length, "the bundle's size");
  assertNear(quoted(text, /bytes \(([\d,]+) bytes gzipped/), gzipped, "its gzipped size");
});

const standIn = await buildGoodStandIn(work);

Deno.test({
  name: "docs: building.md quotes the stand-in's size and the .charm it packs into, as measured",
  ignore: standIn === undefined,
  async fn() {
    const text = await Deno.readTextFile(PAGE);
    const project = await readCharmcraftYaml(join(ROOT, "charmcraft.yaml"));
    const platform = charmPlatforms(project).find((p) => p.architecture === hostArchitecture());
    assert.ok(platform !== undefined);
    const sources = await readCharmSources({ root: ROOT, binary: standIn! });
    const charm = await packCharm({
      project,
      platform,
      sources,
      outDir: join(work, "dist"),
      sourceDate: new Date(0),
    });
    const kib = (bytes: number) => Math.round(bytes / 1024 * 10) / 10;
    assertNear(
      quoted(text, /With a ([\d.]+) KiB stand-in/),
      kib((await Deno.stat(standIn!)).size),
      "the stand-in's size in KiB",
    );
    assertNear(
      quoted(text, /each `\.charm` is ([\d.]+) KiB/),
      kib((await Deno.stat(charm)).size),
      "a .charm's size in KiB",
    );
  },
});
