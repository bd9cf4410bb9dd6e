import assert from "node:assert/strict";
import {
  checkFilesetPath,
  codePoint,
  MAX_PATH_BYTES,
  parseFileset,
} from "../../src/charm/fileset.ts";

Deno.test("parseFileset() trims entries, ignores empty ones and keeps the first of duplicates", () => {
  assert.deepEqual(parseFileset(" /var/backups , ,/etc/app,, /var/backups,/etc "), {
    ok: true,
    paths: ["/var/backups", "/etc/app", "/etc"],
  });
});

Deno.test("parseFileset() accepts the root directory", () => {
  assert.deepEqual(parseFileset("/"), { ok: true, paths: ["/"] });
});

Deno.test("parseFileset() rejects a value that lists no path", () => {
  assert.deepEqual(parseFileset(" , ,"), {
    ok: false,
    problem: { value: " , ,", rule: "lists no path" },
  });
});

Deno.test("parseFileset() names the first offending entry and its rule", () => {
  assert.deepEqual(parseFileset("/ok,var/backups,also bad"), {
    ok: false,
    problem: { value: "var/backups", rule: "is not an absolute path" },
  });
});

const rejected: [string, string][] = [
  ["var/backups", "is not an absolute path"],
  ["~/backups", "is not an absolute path"],
  ["/var//backups", 'is not normalized: it contains "//"'],
  ["/var/backups/", 'is not normalized: it ends with "/"'],
  ["/var/./backups", 'is not normalized: it contains a "." segment'],
  ["/var/../etc", 'is not normalized: it contains a ".." segment'],
  ["/..", 'is not normalized: it contains a ".." segment'],
  ["/var/backups\nFile = /etc/shadow", "contains a control character (U+000A)"],
  ["/var/a\rb", "contains a control character (U+000D)"],
  ["/var/a\tb", "contains a control character (U+0009)"],
  ["/var/a\u0000b", "contains a control character (U+0000)"],
  ["/var/a\u007fb", "contains a control character (U+007F)"],
  ["/var/a\u0085b", "contains a control character (U+0085)"],
  ["/var/a\u2028b", "contains whitespace (U+2028), which the backup server cannot take in a path"],
  ["/srv/my files", "contains whitespace (U+0020), which the backup server cannot take in a path"],
  [
    "/srv/a @|/bin/true",
    "contains whitespace (U+0020), which the backup server cannot take in a path",
  ],
  ["/srv/a\u00a0b", "contains whitespace (U+00A0), which the backup server cannot take in a path"],
  ["/srv/a\u3000b", "contains whitespace (U+3000), which the backup server cannot take in a path"],
  ["/srv/a\u200ab", "contains whitespace (U+200A), which the backup server cannot take in a path"],
  ["/srv/\uffff", "contains a Unicode noncharacter (U+FFFF)"],
  ["/srv/\ufffe", "contains a Unicode noncharacter (U+FFFE)"],
  ["/srv/\ufdd0", "contains a Unicode noncharacter (U+FDD0)"],
  ["/srv/\u{10ffff}", "contains a Unicode noncharacter (U+10FFFF)"],
  [
    "/srv/a\u200bb",
    "contains an invisible format character (U+200B), which makes different paths look the same",
  ],
  [
    "/srv/\u202egnp.exe",
    "contains an invisible format character (U+202E), which makes different paths look the same",
  ],
  [
    "/srv/a\ufeffb",
    "contains an invisible format character (U+FEFF), which makes different paths look the same",
  ],
  [
    "/srv/a\u00adb",
    "contains an invisible format character (U+00AD), which makes different paths look the same",
  ],
  [
    "/srv/\u{e0041}",
    "contains an invisible format character (U+E0041), which makes different paths look the same",
  ],
  [
    "/srv/a\u3164b",
    "contains an invisible or blank character (U+3164), which makes different paths look the same",
  ],
  [
    "/srv/\u3164",
    "contains an invisible or blank character (U+3164), which makes different paths look the same",
  ],
  [
    "/srv/a\u034fb",
    "contains an invisible or blank character (U+034F), which makes different paths look the same",
  ],
  [
    "/srv/\u115fx",
    "contains an invisible or blank character (U+115F), which makes different paths look the same",
  ],
  [
    "/srv/\u1160x",
    "contains an invisible or blank character (U+1160), which makes different paths look the same",
  ],
  [
    "/srv/a\uffa0",
    "contains an invisible or blank character (U+FFA0), which makes different paths look the same",
  ],
  [
    "/srv/a\ufe0fb",
    "contains an invisible or blank character (U+FE0F), which makes different paths look the same",
  ],
  [
    "/srv/a\u{e0100}",
    "contains an invisible or blank character (U+E0100), which makes different paths look the same",
  ],
  [
    "/srv/a\u180bb",
    "contains an invisible or blank character (U+180B), which makes different paths look the same",
  ],
  [
    "/srv/a\u2800b",
    "contains an invisible or blank character (U+2800), which makes different paths look the same",
  ],
  [
    "/srv/\u2800",
    "contains an invisible or blank character (U+2800), which makes different paths look the same",
  ],
  ["/srv/b=@/etc/x", 'contains "=", which the backup server\'s configuration reserves'],
  ["/var/\ud800", "is not valid Unicode"],
  ['/srv/a"b', 'contains "\\"", which the backup server\'s configuration reserves'],
  ["/srv/a\\b", 'contains "\\\\", which the backup server\'s configuration reserves'],
  ["/srv/a#b", 'contains "#", which the backup server\'s configuration reserves'],
  ["/srv/a;b", 'contains ";", which the backup server\'s configuration reserves'],
  ["/srv/}FileSet{", 'contains "{", which the backup server\'s configuration reserves'],
  ["/srv/}", 'contains "}", which the backup server\'s configuration reserves'],
  [`/${"a".repeat(MAX_PATH_BYTES)}`, `is longer than ${MAX_PATH_BYTES} bytes`],
];
for (const [path, rule] of rejected) {
  Deno.test(`checkFilesetPath() rejects ${JSON.stringify(path.slice(0, 30))}: ${rule}`, () => {
    assert.equal(checkFilesetPath(path), rule);
  });
}

const accepted = [
  "/var/backups",
  "/var/lib/postgresql/14/main",
  "/etc/systemd/system/getty@.service.d",
  "/srv/.hidden",
  "/srv/..dots",
  "/srv/a.b",
  "/srv/it's",
  "/srv/a+b~c%d",
  "/srv/[x]*?",
  "/srv/ünïcode/日本語/Ελληνικά",
  "/srv/\u{f0000}private",
  "/srv/cafe\u0301",
  "/srv/\u2801braille",
  "/srv/\u3163hangul",
  `/${"a".repeat(MAX_PATH_BYTES - 1)}`,
];
for (const path of accepted) {
  Deno.test(`checkFilesetPath() accepts ${JSON.stringify(path.slice(0, 30))}`, () => {
    assert.equal(checkFilesetPath(path), undefined);
  });
}

Deno.test("codePoint() names BMP and astral characters with at least four hex digits", () => {
  assert.equal(codePoint("\n"), "U+000A");
  assert.equal(codePoint("\u{1F600}"), "U+1F600");
});

// The limit is 4096 UTF-8 bytes, written out here as the contract. With 2-,
// 3- and 4-byte characters the UTF-16 length (and the code point count) is
// far below the byte count, so a limit counted in either would accept 4097.
for (
  const [label, path] of [
    ["2-byte", `/${"é".repeat(2047)}a`],
    ["3-byte", `/${"€".repeat(1365)}`],
    ["4-byte", `/${"😀".repeat(1023)}abc`],
  ] as const
) {
  Deno.test(`checkFilesetPath() accepts a path of exactly 4096 UTF-8 bytes in ${label} characters`, () => {
    assert.equal(new TextEncoder().encode(path).length, 4096);
    assert.equal(checkFilesetPath(path), undefined);
  });

  Deno.test(`checkFilesetPath() refuses a path of 4097 UTF-8 bytes in ${label} characters`, () => {
    const longer = `${path}b`;
    assert.equal(new TextEncoder().encode(longer).length, 4097);
    assert.ok(longer.length < 4096);
    assert.equal(checkFilesetPath(longer), "is longer than 4096 bytes");
  });
}

Deno.test("checkFilesetPath() refuses the line and paragraph separators U+2028 and U+2029 as whitespace", () => {
  const rule = "which the backup server cannot take in a path";
  assert.equal(checkFilesetPath("/srv/a\u2028b"), `contains whitespace (U+2028), ${rule}`);
  assert.equal(checkFilesetPath("/srv/a\u2029b"), `contains whitespace (U+2029), ${rule}`);
});
