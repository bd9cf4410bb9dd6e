import assert from "node:assert/strict";
import { parseCharmConfig, quoteValue } from "../../src/charm/config.ts";

const ALL_UNSET = [
  "run-before-backup",
  "run-after-backup",
  "run-before-restore",
  "run-after-restore",
];

Deno.test("parseCharmConfig() says how to set a missing fileset, with the application's name", () => {
  const missing = {
    ok: false,
    message: "set fileset: juju config backup-integrator fileset=/path",
    unsetScripts: ALL_UNSET,
  };
  assert.deepEqual(parseCharmConfig({}), missing);
  assert.deepEqual(parseCharmConfig({ fileset: "" }), missing);
  assert.deepEqual(parseCharmConfig({ fileset: "  " }), missing);
  assert.deepEqual(parseCharmConfig({ fileset: null }), missing);
  assert.deepEqual(parseCharmConfig({}, "db-backup"), {
    ...missing,
    message: "set fileset: juju config db-backup fileset=/path",
  });
});

Deno.test("parseCharmConfig() names the option, the value and the rule of an invalid fileset", () => {
  assert.deepEqual(parseCharmConfig({ fileset: "var/backups" }), {
    ok: false,
    message: 'invalid config: fileset: "var/backups" is not an absolute path',
    unsetScripts: ALL_UNSET,
  });
});

Deno.test("parseCharmConfig() shows control characters in the message as escapes", () => {
  const result = parseCharmConfig({ fileset: "/a\nb" });
  assert.ok(!result.ok);
  assert.equal(
    result.message,
    'invalid config: fileset: "/a\\nb" contains a control character (U+000A)',
  );
});

Deno.test("parseCharmConfig() reports an option of the wrong type", () => {
  assert.deepEqual(parseCharmConfig({ fileset: "/a", "run-after-backup": 5 }), {
    ok: false,
    message: "invalid config: run-after-backup: 5 is not a string",
    unsetScripts: ["run-before-backup", "run-before-restore", "run-after-restore"],
  });
});

Deno.test("parseCharmConfig() names every option at fault, fileset first, each once", () => {
  assert.deepEqual(
    parseCharmConfig({
      fileset: "/ok, var/a, var/b",
      "run-before-backup": "#!/bin/sh\n",
      "run-after-backup": ["x"],
      "run-after-restore": 7,
    }),
    {
      ok: false,
      message: 'invalid config: fileset: "var/a" is not an absolute path; ' +
        'invalid config: run-after-backup: ["x"] is not a string; ' +
        "invalid config: run-after-restore: 7 is not a string",
      unsetScripts: ["run-before-restore"],
    },
  );
  assert.deepEqual(parseCharmConfig({ "run-before-backup": false }), {
    ok: false,
    message: "set fileset: juju config backup-integrator fileset=/path; " +
      "invalid config: run-before-backup: false is not a string",
    unsetScripts: ["run-after-backup", "run-before-restore", "run-after-restore"],
  });
  assert.deepEqual(parseCharmConfig({ fileset: 5 }), {
    ok: false,
    message: "invalid config: fileset: 5 is not a string",
    unsetScripts: ALL_UNSET,
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
  assert.equal(quoteValue("a\u007fb\u0085c\u2028"), '"a\\u007fb\\u0085c\\u2028"');
  assert.equal(quoteValue("d\u0000"), '"d\\u0000"');
});

Deno.test("quoteValue() cuts long values to 24 bytes so a status message stays short", () => {
  assert.equal(quoteValue("x".repeat(10_000)), `"${"x".repeat(24)}…"`);
  assert.equal(quoteValue("x".repeat(24)), `"${"x".repeat(24)}"`);
  assert.equal(quoteValue("x".repeat(25)), `"${"x".repeat(24)}…"`);
});

Deno.test("quoteValue() counts bytes of UTF-8 and escapes, and never cuts a character or an escape", () => {
  // 😀 is 4 bytes: 6 fit in 24. é is 2 bytes: 12 fit.
  assert.equal(quoteValue("😀".repeat(100)), `"${"😀".repeat(6)}…"`);
  assert.equal(quoteValue(`x${"😀".repeat(100)}`), `"x${"😀".repeat(5)}…"`);
  assert.equal(quoteValue("é".repeat(100)), `"${"é".repeat(12)}…"`);
  // \u200b is 6 bytes shown: 4 fit; a fifth would be cut inside, so it goes whole.
  assert.equal(quoteValue("\u200b".repeat(100)), `"${"\\u200b".repeat(4)}…"`);
  assert.equal(quoteValue(`/${"\u{1fffe}".repeat(5)}`), `"/${"\\u{1fffe}".repeat(2)}…"`);
  for (const value of [`${"x".repeat(23)}😀😀`, "\ud800".repeat(30), "é".repeat(50)]) {
    assert.ok(quoteValue(value).isWellFormed(), value);
  }
});

Deno.test("quoteValue() escapes format characters, noncharacters and whitespace other than the space", () => {
  assert.equal(quoteValue("/a b\u00a0c\u200bd"), '"/a b\\u00a0c\\u200bd"');
  assert.equal(quoteValue("\u202ee\ufeff\uffff"), '"\\u202ee\\ufeff\\uffff"');
  assert.equal(quoteValue("\u{1fffe}\u3000\u3164"), '"\\u{1fffe}\\u3000\\u3164"');
});

Deno.test("quoteValue() escapes a lone surrogate and keeps visible characters beyond ASCII", () => {
  assert.equal(quoteValue("/\ud800/日本/é"), '"/\\ud800/日本/é"');
  assert.equal(quoteValue("/😀/\ue000"), '"/😀/\ue000"');
});
