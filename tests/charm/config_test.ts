import assert from "node:assert/strict";
import { parseCharmConfig, QUOTED_VALUE_LENGTH, quoteValue } from "../../src/charm/config.ts";

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
