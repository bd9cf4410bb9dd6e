import assert from "node:assert/strict";
import { parseCharmcraftYaml, readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { charmConfig } from "../../src/build/config_yaml.ts";
import { configProblems } from "./juju_rules.ts";

const LINKS_YAML = new URL("./testdata/links_charmcraft.yaml", import.meta.url).pathname;

Deno.test("charmConfig() keeps each option's type, description and default", async () => {
  const config = charmConfig(await readCharmcraftYaml(LINKS_YAML));
  assert.deepEqual(config, {
    options: {
      port: { type: "int", description: "The port.", default: 8080 },
      ratio: { type: "float", default: 0.5 },
      debug: { type: "boolean", description: "Log more.", default: false },
      greeting: { type: "string", default: "yes" },
      token: { type: "secret", description: "A secret URI." },
    },
  });
  assert.deepEqual(configProblems(config), []);
});

Deno.test("charmConfig() is undefined without options", () => {
  const base = "type: charm\nname: demo\nsummary: s\ndescription: d\n" +
    "platforms:\n  ubuntu@24.04:amd64:\n";
  assert.equal(charmConfig(parseCharmcraftYaml(base)), undefined);
  assert.equal(charmConfig(parseCharmcraftYaml(`${base}config:\n  options: {}\n`)), undefined);
});
