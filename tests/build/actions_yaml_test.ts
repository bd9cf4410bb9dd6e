import assert from "node:assert/strict";
import { charmActions } from "../../src/build/actions_yaml.ts";
import { parseCharmcraftYaml, readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { ACTIONS } from "../../src/action/run_action.ts";
import { CONTRACT_ACTIONS } from "../contract.ts";
import { actionsProblems } from "./juju_rules.ts";

const REPO_YAML = new URL("../../charmcraft.yaml", import.meta.url).pathname;
const BASE = "type: charm\nname: demo\nsummary: s\ndescription: d\n" +
  "platforms:\n  ubuntu@24.04:amd64:\n";

Deno.test("charmActions() copies each action's description and params schema", () => {
  const actions = charmActions(parseCharmcraftYaml(
    `${BASE}actions:\n  snapshot:\n    description: Take one.\n    params:\n` +
      "      outfile:\n        type: string\n    required: [outfile]\n    parallel: true\n",
  ));
  assert.deepEqual(actions, {
    snapshot: {
      description: "Take one.",
      params: { outfile: { type: "string" } },
      required: ["outfile"],
      parallel: true,
    },
  });
  assert.deepEqual(actionsProblems(actions), []);
});

Deno.test("charmActions() is undefined without actions", () => {
  assert.equal(charmActions(parseCharmcraftYaml(BASE)), undefined);
  assert.equal(charmActions(parseCharmcraftYaml(`${BASE}actions: {}\n`)), undefined);
});

Deno.test("charmcraft.yaml declares exactly the actions the charm runs, each described", async () => {
  const actions = charmActions(await readCharmcraftYaml(REPO_YAML)) ?? {};
  assert.deepEqual(Object.keys(actions), [...CONTRACT_ACTIONS]);
  assert.deepEqual([...ACTIONS], [...CONTRACT_ACTIONS]);
  for (const [name, spec] of Object.entries(actions)) {
    assert.ok((spec.description ?? "").length > 40, name);
    assert.equal(spec.params, undefined, `${name} takes no parameters: the charm reads none`);
  }
});

Deno.test("actionsProblems() finds what Juju refuses", () => {
  assert.deepEqual(actionsProblems({ "Go": {}, "juju-x": {}, y: { parallel: "yes" } }), [
    "bad action name Go",
    "action name juju-x is reserved",
    "action y: parallel is not a boolean",
  ]);
  assert.deepEqual(actionsProblems({ z: { params: { a: { $ref: "#" } } } }), [
    "action z: $ref and $schema are refused",
  ]);
});
