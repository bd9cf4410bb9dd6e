import assert from "node:assert/strict";
import { parse } from "yaml";
import { renderYaml } from "../../src/build/render_yaml.ts";

Deno.test("renderYaml() sorts keys at every level", () => {
  assert.equal(renderYaml({ b: 1, a: { d: 2, c: 3 } }), "a:\n  c: 3\n  d: 2\nb: 1\n");
});

Deno.test("renderYaml() quotes strings YAML 1.1 would read as something else", () => {
  const values = ["24.04", "yes", "no", "on", "off", "1:20", "~", "null", "true", "2024-01-01"];
  for (const value of values) {
    const text = renderYaml({ v: value });
    assert.equal(text, `v: '${value}'\n`, value);
    assert.equal(parse(text, { version: "1.1" }).v, value, value);
  }
});

Deno.test("renderYaml() writes multi-line strings as literal blocks, unfolded", () => {
  const long = "word ".repeat(40).trim();
  const text = renderYaml({ d: `first line\nsecond line\n`, s: long });
  assert.equal(text, `d: |\n  first line\n  second line\ns: ${long}\n`);
});
