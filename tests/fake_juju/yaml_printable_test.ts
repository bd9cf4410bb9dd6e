import assert from "node:assert/strict";
import { firstYamlUnprintable, isYamlPrintable } from "./yaml_printable.ts";

Deno.test("isYamlPrintable() follows YAML's printable set at each boundary", () => {
  const printable = [0x09, 0x0a, 0x0d, 0x20, 0x7e, 0x85, 0xa0, 0xd7ff, 0xe000, 0xfffd, 0x10000];
  const unprintable = [0x00, 0x08, 0x0b, 0x1f, 0x7f, 0x84, 0x86, 0x9f, 0xd800, 0xdfff, 0xfffe];
  assert.deepEqual(printable.filter((code) => !isYamlPrintable(code)), []);
  assert.deepEqual(unprintable.filter((code) => isYamlPrintable(code)), []);
  assert.equal(isYamlPrintable(0xffff), false);
  assert.equal(isYamlPrintable(0x10ffff), true);
});

Deno.test("firstYamlUnprintable() finds the first refused character, a lone surrogate included", () => {
  assert.equal(firstYamlUnprintable("/srv/a\u0001b\uffff"), 0x01);
  assert.equal(firstYamlUnprintable("/srv/\ud800"), 0xd800);
  assert.equal(firstYamlUnprintable("/srv/\u{1f600}"), undefined);
});
