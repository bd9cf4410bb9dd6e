/**
 * The contract with the backup server, proven by Bacula's own parser: every
 * fileset the charm accepts comes back from `bdirjson` as exactly the entries
 * the charm publishes, whether the server writes them unquoted (as
 * bacula-server does) or quoted. Needs `bdirjson` (Debian's
 * `bacula-director`): ignored with a printed reason without it, a failure
 * without it when `BACKUP_INTEGRATOR_REQUIRE_BDIRJSON=1` (as in `.ci/run`).
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeBackupSpec } from "../../src/backup_interface/requirer_data.ts";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { firstYamlUnprintable } from "../fake_juju/yaml_printable.ts";
import { MAX_PATH_BYTES } from "../../src/charm/fileset.ts";
import {
  bdirjsonAccepts,
  bdirjsonFiles,
  findBdirjson,
  RENDERINGS,
  REQUIRE_BDIRJSON_VARIABLE,
} from "./bacula_oracle.ts";
import { HOSTILE_FILESETS, ORDINARY_PATHS } from "./hostile_filesets.ts";

const BDIRJSON = findBdirjson();
const REQUIRED = Deno.env.get(REQUIRE_BDIRJSON_VARIABLE) === "1";
// Where bdirjson is required (.ci/run), the tests run, and fail without it.
const ignore = !BDIRJSON.available && !REQUIRED;
if (ignore) console.log(`Ignoring the bdirjson tests: ${BDIRJSON.reason}`);

/** The path of `bdirjson`; throws, failing the test, where it is required and missing. */
function bdirjson(): string {
  if (!BDIRJSON.available) {
    throw new Error(`${REQUIRE_BDIRJSON_VARIABLE}=1 but ${BDIRJSON.reason}`);
  }
  return BDIRJSON.path;
}

async function readBack(paths: readonly string[]) {
  const results: Record<string, unknown> = {};
  for (const rendering of RENDERINGS) {
    results[rendering] = await bdirjsonFiles(paths, { rendering, bdirjson: bdirjson() });
  }
  return results;
}

/** What the leader publishes for a fileset, split the way the provider splits it. */
function published(fileset: string): string[] | undefined {
  const result = parseCharmConfig({ fileset });
  if (!result.ok) return undefined;
  const bag = encodeBackupSpec({ fileset: result.config.fileset, scripts: {} });
  // What relation-set reads must pass Juju's YAML layer too.
  assert.equal(firstYamlUnprintable(JSON.stringify(bag)), undefined, JSON.stringify(fileset));
  return (bag["fileset"] ?? "").split(",");
}

Deno.test({
  name: "bdirjson reads ordinary real paths back as they are, unquoted and quoted",
  ignore,
  async fn() {
    const paths = published(ORDINARY_PATHS.join(","));
    assert.deepEqual(paths, ORDINARY_PATHS);
    const ok = { ok: true, files: ORDINARY_PATHS };
    assert.deepEqual(await readBack(ORDINARY_PATHS), { unquoted: ok, quoted: ok });
  },
});

Deno.test({
  name: "Bacula's parser takes the longest paths the charm accepts, unquoted and quoted",
  ignore,
  async fn() {
    // Too long for bdirjson to print back: checked by parsing alone (bdirjson -t).
    const ascii = `/${"a".repeat(MAX_PATH_BYTES - 1)}`;
    const wide = `/${"é".repeat((MAX_PATH_BYTES - 2) / 2)}b`;
    for (const path of [ascii, wide]) {
      assert.deepEqual(published(path), [path]);
      assert.equal(new TextEncoder().encode(path).length, MAX_PATH_BYTES);
    }
    for (const rendering of RENDERINGS) {
      const options = { rendering, bdirjson: bdirjson() };
      assert.equal(await bdirjsonAccepts([ascii, wide], options), undefined, rendering);
      // The same check sees a path Bacula cannot take.
      assert.notEqual(await bdirjsonAccepts([`${ascii}${"a".repeat(1000)}`], options), undefined);
    }
  },
});

for (const hostile of HOSTILE_FILESETS.filter((hostile) => hostile.kind === "bacula")) {
  Deno.test({
    name: `bdirjson does not read back ${hostile.name}, which the charm refuses`,
    ignore,
    async fn() {
      assert.equal(published(hostile.value), undefined);
      const entries = hostile.value.split(",").map((entry) => entry.trim());
      const results = await readBack(entries);
      const expected = { ok: true, files: entries };
      assert.ok(
        RENDERINGS.some((rendering) => !isDeepEqual(results[rendering], expected)),
        `Bacula reads ${JSON.stringify(entries)} back unchanged: ${JSON.stringify(results)}`,
      );
    },
  });
}

Deno.test({
  name:
    "bdirjson takes a path with an invisible or blank character as it is: a file other than the one shown",
  ignore,
  async fn() {
    // Refused for how it looks, not because Bacula breaks on it: Bacula backs
    // up "/srv/x\u3164", a file that shows as "/srv/x" and is not "/srv/x".
    const paths = ["/srv/x\u3164", "/srv/a\u034fb", "/srv/\u2800", "/srv/a\ufe0fb", "/srv/\u115fx"];
    for (const path of paths) assert.equal(published(path), undefined, JSON.stringify(path));
    const ok = { ok: true, files: paths };
    assert.deepEqual(await readBack(paths), { unquoted: ok, quoted: ok });
  },
});

function isDeepEqual(actual: unknown, expected: unknown): boolean {
  try {
    assert.deepEqual(actual, expected);
    return true;
  } catch {
    return false;
  }
}

/** Every code point of the Unicode range (no surrogates) that `pattern` matches. */
function matching(pattern: RegExp): string[] {
  const found: string[] = [];
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code === 0xd800) code = 0xe000;
    const character = String.fromCodePoint(code);
    if (pattern.test(character)) found.push(character);
  }
  return found;
}

/** The characters that matter, class by class. */
const CHARACTER_CLASSES: Readonly<Record<string, readonly string[]>> = {
  "ASCII punctuation": [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
  whitespace: matching(/\p{White_Space}/u),
  control: matching(/\p{Cc}/u),
  format: matching(/\p{Cf}/u),
  noncharacter: matching(/\p{Noncharacter_Code_Point}/u),
  "invisible or blank": [...matching(/\p{Default_Ignorable_Code_Point}/u), "\u2800"],
  surrogate: ["\ud800", "\udbff", "\udc00", "\udfff"],
  "private use": ["\ue000", "\uf8ff", "\u{f0000}", "\u{ffffd}", "\u{100000}", "\u{10fffd}"],
  "beyond ASCII": ["é", "ß", "ı", "日", "😀", "\u0301", "\ufffd", "\u{1d11e}", "\u3163", "\u2801"],
};
const classCharacter = fc.oneof(
  ...Object.values(CHARACTER_CLASSES).map((characters) => fc.constantFrom(...characters)),
);
const segment = fc.array(
  fc.oneof(
    { weight: 14, arbitrary: fc.stringMatching(/^[a-z0-9_.-]{1,8}$/) },
    { weight: 2, arbitrary: classCharacter },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom("@", "@|/bin/true", "@/etc/hostname", "..", ".") },
  ),
  { minLength: 1, maxLength: 4 },
).map((parts) => parts.join(""));
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) =>
  `/${parts.join("/")}`
);
const filesetValue = fc.array(
  fc.tuple(fc.constantFrom("", " ", "\t"), path, fc.constantFrom("", " ", "\n")).map((parts) =>
    parts.join("")
  ),
  { minLength: 1, maxLength: 4 },
).map((entries) => entries.join(","));

Deno.test({
  name: "every fileset the charm accepts comes back from bdirjson as published, in both renderings",
  ignore,
  async fn() {
    const seen = { accepted: 0, blocked: 0, unusual: 0, punctuation: 0, privateUse: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(filesetValue, { minLength: 1, maxLength: 200, size: "max" }),
        async (values) => {
          const paths: string[] = [];
          for (const value of values) {
            const entries = published(value);
            if (entries === undefined) seen.blocked++;
            else paths.push(...entries);
          }
          seen.accepted += paths.length;
          seen.unusual += paths.filter((path) => /[^a-z0-9_.\/-]/.test(path)).length;
          seen.punctuation += paths.filter((path) => /[!$%&'()*+:<>?@[\]^`|~]/.test(path)).length;
          seen.privateUse += paths.filter((path) => /\p{Co}/u.test(path)).length;
          const ok = { ok: true, files: paths };
          assert.deepEqual(await readBack(paths), { unquoted: ok, quoted: ok });
        },
      ),
      { numRuns: 20 },
    );
    // Both outcomes, and accepted paths beyond plain ASCII names, or this proves little.
    assert.ok(
      seen.accepted > 400 && seen.blocked > 400 && seen.unusual > 200 &&
        seen.punctuation > 50 && seen.privateUse > 5,
      JSON.stringify(seen),
    );
  },
});
