/**
 * `metadata.yaml`, derived from `charmcraft.yaml` the way charmcraft's
 * `CharmMetadata.from_charm` does it.
 *
 * @module
 */

import { type CharmcraftProject, METADATA_PASSTHROUGH_KEYS } from "./charmcraft_project.ts";

/** The content of `metadata.yaml`, keyed as Juju reads it. */
export type CharmMetadata = Readonly<Record<string, unknown>>;

/**
 * Derive `metadata.yaml` from a project.
 *
 * `name`, `summary` and `description` are copied; `title` becomes
 * `display-name`; `links` is flattened: `documentation` becomes `docs`,
 * `contact` becomes the list `maintainers`, and `issues`, `source` and
 * `website` keep their names; `requires`, `provides`, `peers`, `subordinate`
 * and the other keys in {@link METADATA_PASSTHROUGH_KEYS} are copied as they
 * are. Keys the project does not set are left out.
 *
 * @param project The checked project.
 * @returns The metadata, ready for `renderYaml()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { charmMetadata } from "./metadata_yaml.ts";
 * import { parseCharmcraftYaml } from "./charmcraft_project.ts";
 * const metadata = charmMetadata(parseCharmcraftYaml(
 *   "type: charm\nname: demo\ntitle: Demo\nsummary: s\ndescription: d\n" +
 *     "links:\n  contact: Jo <jo@example.com>\nplatforms:\n  ubuntu@24.04:amd64:\n",
 * ));
 * assert.ok(metadata["display-name"] === "Demo");
 * ```
 */
export function charmMetadata(project: CharmcraftProject): CharmMetadata {
  const metadata: Record<string, unknown> = {
    name: project.name,
    summary: project.summary,
    description: project.description,
  };
  if (project.title !== undefined) metadata["display-name"] = project.title;
  const links = project.links;
  if (links !== undefined) {
    if (links.documentation !== undefined) metadata["docs"] = links.documentation;
    if (links.contact !== undefined) {
      metadata["maintainers"] = Array.isArray(links.contact) ? links.contact : [links.contact];
    }
    if (links.issues !== undefined) metadata["issues"] = links.issues;
    if (links.source !== undefined) metadata["source"] = links.source;
    if (links.website !== undefined) metadata["website"] = links.website;
  }
  const source: Readonly<Record<string, unknown>> = project;
  for (const key of METADATA_PASSTHROUGH_KEYS) {
    if (source[key] !== undefined && source[key] !== null) metadata[key] = source[key];
  }
  return metadata;
}
