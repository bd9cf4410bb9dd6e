import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { zipArchive, zipTime } from "../../src/build/zip_archive.ts";
import { readCentralDirectory } from "./zip_reader.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const MTIME = zipTime(new Date("2024-05-06T07:08:10Z"));

Deno.test("zipArchive() stores entries sorted, at the root, without directories", () => {
  const archive = zipArchive([
    { path: "b/c.txt", data: bytes("c"), mode: 0o644 },
    { path: "a.txt", data: bytes("a"), mode: 0o644 },
    { path: "B.txt", data: bytes("B"), mode: 0o644 },
  ], { mtime: MTIME });
  assert.deepEqual(readCentralDirectory(archive).map((e) => e.name), ["B.txt", "a.txt", "b/c.txt"]);
  const files = unzipSync(archive);
  assert.equal(new TextDecoder().decode(files["b/c.txt"]), "c");
});

Deno.test("zipArchive() marks entries as made on Unix with their modes, deflated", () => {
  const archive = zipArchive([
    { path: "run", data: bytes("#!/bin/sh\n"), mode: 0o755 },
    { path: "data", data: bytes("x"), mode: 0o644 },
  ], { mtime: MTIME });
  const entries = readCentralDirectory(archive);
  assert.deepEqual(
    entries.map((e) => [e.name, e.host, e.method, e.unixMode.toString(8)]),
    [["data", 3, 8, "100644"], ["run", 3, 8, "100755"]],
  );
});

Deno.test("zipArchive() gives the same bytes for the same files in any order", () => {
  const a = { path: "a", data: bytes("a"), mode: 0o644 };
  const b = { path: "b", data: bytes("b"), mode: 0o755 };
  assert.deepEqual(zipArchive([a, b], { mtime: MTIME }), zipArchive([b, a], { mtime: MTIME }));
});

Deno.test("zipArchive() rejects paths that would not unpack at the root", () => {
  for (const path of ["", "/abs", "./a", "a/../b", "a//b", "a\\b", "dir/", "42"]) {
    assert.throws(
      () => zipArchive([{ path, data: bytes(""), mode: 0o644 }], { mtime: MTIME }),
      RangeError,
      JSON.stringify(path),
    );
  }
});

Deno.test("zipArchive() rejects a path twice and a mode beyond 0777", () => {
  const file = { path: "a", data: bytes(""), mode: 0o644 };
  assert.throws(() => zipArchive([file, file], { mtime: MTIME }), /appears twice/);
  assert.throws(() => zipArchive([{ ...file, mode: 0o4755 }], { mtime: MTIME }), /is not 0-777/);
});

Deno.test("zipTime() makes the stored fields the UTC time, even seconds", () => {
  const archive = zipArchive([{ path: "a", data: bytes(""), mode: 0o644 }], { mtime: MTIME });
  const [entry] = readCentralDirectory(archive);
  assert.deepEqual(entry?.time, {
    year: 2024,
    month: 5,
    day: 6,
    hours: 7,
    minutes: 8,
    seconds: 10,
  });
});

Deno.test("zipTime() clamps to the years a zip entry can hold", () => {
  assert.equal(zipTime(new Date(0)).getFullYear(), 1980);
  assert.equal(zipTime(new Date("2200-01-01T00:00:00Z")).getFullYear(), 2099);
});
