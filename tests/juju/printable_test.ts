import assert from "node:assert/strict";
import { printable } from "../../src/juju/printable.ts";

Deno.test("printable() escapes the line and paragraph separators U+2028 and U+2029", () => {
  assert.equal(printable("a\u2028b\u2029c", 100), "a\\u2028b\\u2029c");
});

Deno.test("printable() escapes C0 and C1 controls and DEL, and keeps a backslash", () => {
  assert.equal(
    printable("a\u0000b\u001bc\u007fd\u0085e\\f", 100),
    "a\\u0000b\\u001bc\\u007fd\\u0085e\\f",
  );
});
