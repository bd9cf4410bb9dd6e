import assert from "node:assert/strict";
import {
  MISSING_FILESET_MESSAGE,
  parseCharmConfig,
  QUOTED_VALUE_LENGTH,
  quoteValue,
} from "../../src/charm/config.ts";

Deno.test("parseCharmConfig() reports a missing fileset", () => {
  assert.deepEqual(parseCharmConfig({}), { ok: false, message: MISSING_FILESET_MESSAGE });
  assert.deepEqual(parseCharmConfig({ fileset: "" }), {
    ok: false,
    message: "missing fileset config",
  });
  assert.deepEqual(parseCharmConfig({ fileset: "  " }), {
    ok: false,
    message: "missing fileset config",
  });
  assert.deepEqual(parseCharmConfig({ fileset: null }), {
    ok: false,
    message: "missing fileset config",
  });
});

Deno.test("parseCharmConfig() names the option, the value and the rule of an invalid fileset", () => {
  assert.deepEqual(parseCharmConfig({ fileset: "var/backups" }), {
    ok: false,
    message: 'invalid config: fileset: "var/backups" is not an absolute path',
  });
});

Deno.test("parseCharmConfig() shows control characters in the message as escapes", () => {
  const result = parseCharmConfig({ fileset: "/a\nb" });
  assert.deepEqual(result, {
    ok: false,
    message: 'invalid config: fileset: "/a\\nb" contains a control character (U+000A)',
  });
});

Deno.test("parseCharmConfig() reports an option of the wrong type", () => {
  assert.deepEqual(parseCharmConfig({ fileset: "/a", "run-after-backup": 5 }), {
    ok: false,
    message: "invalid config: run-after-backup: 5 is not a string",
  });
});

Deno.test("parseCharmConfig() keeps non-empty scripts and drops empty ones", () => {
  assert.deepEqual(
    parseCharmConfig({
      fileset: "/a, /b",
      "run-before-backup": "#!/bin/sh\necho hi\n",
      "run-after-backup": "",
      unrelated: 1,
    }),
    {
      ok: true,
      config: { fileset: ["/a", "/b"], scripts: { "run-before-backup": "#!/bin/sh\necho hi\n" } },
    },
  );
});

Deno.test("quoteValue() escapes every control character, not only those JSON escapes", () => {
  assert.equal(quoteValue("a\u007fb\u0085c\u2028d\u0000"), '"a\\u007fb\\u0085c\\u2028d\\u0000"');
});

Deno.test("quoteValue() cuts long values so a status message stays short", () => {
  const quoted = quoteValue("x".repeat(10_000));
  assert.equal(quoted, JSON.stringify(`${"x".repeat(QUOTED_VALUE_LENGTH)}…`));
});

Deno.test("quoteValue() never cuts a surrogate pair in half", () => {
  const quoted = quoteValue(`${"x".repeat(QUOTED_VALUE_LENGTH - 1)}😀😀`);
  assert.ok(quoted.isWellFormed());
});

Deno.test("quoteValue() escapes format characters, noncharacters and whitespace other than the space", () => {
  assert.equal(
    quoteValue("/a b\u00a0c\u200bd\u202ee\ufeff\uffff\u{1fffe}\u3000\u3164"),
    '"/a b\\u00a0c\\u200bd\\u202ee\\ufeff\\uffff\\u{1fffe}\\u3000\\u3164"',
  );
});

Deno.test("quoteValue() escapes a lone surrogate and keeps visible characters beyond ASCII", () => {
  assert.equal(quoteValue("/\ud800/日本/é/😀/\ue000"), '"/\\ud800/日本/é/😀/\ue000"');
});
