import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { FakeJuju } from "./fake_juju.ts";

const STAND_IN = fileURLToPath(new URL("./testdata/stand_in_charm.ts", import.meta.url));
const ABANDONED = fileURLToPath(new URL("./testdata/abandoned_harness.ts", import.meta.url));

async function gone(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => false, (error) => error instanceof Deno.errors.NotFound);
}

Deno.test("FakeJuju with `await using` removes its directory when the test body throws", async () => {
  let dir = "";
  await assert.rejects(async () => {
    await using juju = await FakeJuju.create({ entry: STAND_IN });
    dir = juju.dir;
    throw new Error("a failed assertion");
  }, /a failed assertion/);
  assert.ok(dir !== "" && await gone(dir), dir);
});

Deno.test("FakeJuju cleanup() removes a harness whose directories were made unreadable", async () => {
  const juju = await FakeJuju.create({ entry: STAND_IN });
  await Deno.mkdir(`${juju.optDir}/app/scripts`, { recursive: true });
  await Deno.writeTextFile(`${juju.optDir}/app/scripts/x`, "x");
  await Deno.chmod(`${juju.optDir}/app/scripts`, 0o000);
  await Deno.chmod(`${juju.optDir}/app`, 0o500);
  await juju.cleanup();
  assert.ok(await gone(juju.dir));
});

Deno.test("a harness a failed test never cleaned up is removed when the test process exits", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--no-check", "--allow-all", ABANDONED],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 1, "the abandoned test fails");
  const dir = /harness: (\/\S+)/.exec(text)?.[1];
  assert.ok(dir !== undefined, text);
  assert.ok(await gone(dir), `${dir} is left behind`);
});
