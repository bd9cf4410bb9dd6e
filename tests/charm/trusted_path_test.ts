import assert from "node:assert/strict";
import {
  judgeDirectory,
  type PathInfo,
  scriptMode,
  untrustedScript,
} from "../../src/charm/trusted_path.ts";

const DIRECTORY: PathInfo = {
  isFile: false,
  isDirectory: true,
  isSymlink: false,
  uid: 0,
  mode: 0o40755,
  nlink: 2,
};
const SCRIPT: PathInfo = {
  ...DIRECTORY,
  isFile: true,
  isDirectory: false,
  mode: 0o100700,
  nlink: 1,
};

Deno.test("judgeDirectory() refuses a link, a file and a foreign owner, saying what to do", () => {
  const link = judgeDirectory({ ...DIRECTORY, isSymlink: true, isDirectory: false }, {
    uid: 0,
    role: "base",
  });
  assert.ok(link.kind === "refuse" && link.problem === "is a symbolic link");
  assert.match(link.remedy, /remove the link/);
  const file = judgeDirectory({ ...DIRECTORY, isDirectory: false, isFile: true }, {
    uid: 0,
    role: "private",
  });
  assert.ok(file.kind === "refuse" && file.problem === "is not a directory");
  const foreign = judgeDirectory({ ...DIRECTORY, uid: 65534 }, { uid: 0, role: "private" });
  assert.ok(foreign.kind === "refuse");
  assert.equal(foreign.problem, "is owned by uid 65534, not by the charm's user (uid 0)");
});

Deno.test("judgeDirectory() tightens only what others may write, or for a private one use", () => {
  const judge = (mode: number, role: "base" | "private") =>
    judgeDirectory({ ...DIRECTORY, mode: 0o40000 | mode }, { uid: 0, role });
  assert.deepEqual(judge(0o755, "base"), { kind: "trusted" });
  assert.deepEqual(judge(0o777, "base"), { kind: "tighten", mode: 0o755 });
  assert.deepEqual(judge(0o1777, "base"), { kind: "tighten", mode: 0o1755 });
  assert.deepEqual(judge(0o775, "private"), { kind: "tighten", mode: 0o700 });
  assert.deepEqual(judge(0o700, "private"), { kind: "trusted" });
  assert.deepEqual(judge(0o500, "private"), { kind: "trusted" }, "never loosened");
  assert.deepEqual(judge(0o2700, "private"), { kind: "tighten", mode: 0o700 });
});

Deno.test("untrustedScript() keeps only a private regular file of the charm's user with one name", () => {
  assert.equal(untrustedScript(SCRIPT, 0), undefined);
  assert.equal(untrustedScript({ ...SCRIPT, mode: 0o100500 }, 0), undefined);
  assert.equal(
    untrustedScript({ ...SCRIPT, isSymlink: true, isFile: false }, 0),
    "is a symbolic link",
  );
  assert.equal(untrustedScript({ ...SCRIPT, isFile: false }, 0), "is not a regular file");
  assert.equal(untrustedScript({ ...SCRIPT, uid: 1000 }, 0), "is owned by uid 1000");
  assert.equal(untrustedScript({ ...SCRIPT, nlink: 2 }, 0), "has 2 hard links");
  assert.equal(
    untrustedScript({ ...SCRIPT, mode: 0o104700 }, 0),
    "has mode 4700, which lets others use it",
  );
  assert.equal(
    untrustedScript({ ...SCRIPT, mode: 0o100600 }, 0),
    "has mode 0600, which does not let its owner run it",
  );
});

Deno.test("scriptMode() is 0700 unless the file had a stricter mode its owner can run", () => {
  assert.equal(scriptMode(undefined), 0o700);
  assert.equal(scriptMode(0o755), 0o700);
  assert.equal(scriptMode(0o4700), 0o700);
  assert.equal(scriptMode(0o500), 0o500);
  assert.equal(scriptMode(0o400), 0o500);
  assert.equal(scriptMode(0o600), 0o700);
});
