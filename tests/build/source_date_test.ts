import assert from "node:assert/strict";
import {
  FALLBACK_SOURCE_DATE,
  lastGitCommitTime,
  sourceDate,
} from "../../src/build/source_date.ts";

const REPO = new URL("../..", import.meta.url).pathname;

Deno.test("sourceDate() prefers SOURCE_DATE_EPOCH", () => {
  const date = sourceDate({ sourceDateEpoch: "1700000000", lastCommitTime: 1600000000 });
  assert.equal(date.getTime(), 1700000000_000);
});

Deno.test("sourceDate() falls back to the last commit, then to 1980", () => {
  assert.equal(
    sourceDate({ sourceDateEpoch: "", lastCommitTime: 1600000000 }).getTime(),
    1600000000_000,
  );
  assert.equal(
    sourceDate({ sourceDateEpoch: undefined, lastCommitTime: undefined }),
    FALLBACK_SOURCE_DATE,
  );
  assert.equal(FALLBACK_SOURCE_DATE.toISOString(), "1980-01-01T00:00:00.000Z");
});

Deno.test("sourceDate() rejects a SOURCE_DATE_EPOCH that is not whole seconds", () => {
  for (const value of ["1.5", "-1", "soon", "1e9"]) {
    assert.throws(
      () => sourceDate({ sourceDateEpoch: value, lastCommitTime: undefined }),
      new RegExp(`"${value.replace(".", "\\.")}" is not a whole number of seconds`),
    );
  }
});

Deno.test("lastGitCommitTime() reads HEAD's commit time, undefined outside a repository", async () => {
  const output = await new Deno.Command("git", { args: ["log", "-1", "--format=%ct"], cwd: REPO })
    .output();
  assert.equal(await lastGitCommitTime(REPO), Number(new TextDecoder().decode(output.stdout)));
  const outside = await Deno.makeTempDir();
  try {
    assert.equal(await lastGitCommitTime(outside), undefined);
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
});
