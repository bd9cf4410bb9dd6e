/**
 * What the real `juju` client refuses before it talks to a controller, as
 * far as the scenarios depend on it:
 *
 * - a local charm is a path that starts with `./`, `../` or `/`; anything
 *   else with a `/` or a `.charm` suffix is "ambiguous" and refused (Juju's
 *   deploy command; the message as zaza's logs of Juju quote it);
 * - the client is the strictly confined `juju` snap, whose `/tmp` is private:
 *   a file the test wrote under the host's `/tmp` does not exist for it
 *   (snapcraft's strict confinement; JUJU.md). The fake treats every other
 *   path as readable (the real snap also refuses hidden directories at the
 *   top of `$HOME`, which the scenarios never use).
 *
 * @module
 */

import { isAbsolute, resolve } from "node:path";

/** The file system as the client sees it. */
export interface ClientFiles {
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** A file's text, or `undefined` when the host has no such file. */
  readonly read: (path: string) => string | undefined;
}

/** A refusal: exit code and the client's stderr. */
export interface Refusal {
  /** Exit code. */
  readonly code: number;
  /** The message, `ERROR …`. */
  readonly stderr: string;
}

/**
 * Whether the snap can see a host path: not when it is under `/tmp`.
 *
 * @param path An absolute path.
 * @returns `true` when it is outside the snap's private `/tmp`.
 */
export function snapSees(path: string): boolean {
  return path !== "/tmp" && !path.startsWith("/tmp/");
}

/**
 * Read a file as the snap would (`juju config --file`, a bundle…).
 *
 * @param files The host's files.
 * @param path The path given.
 * @returns Its text, or the client's refusal.
 */
export function readAsSnap(files: ClientFiles, path: string): string | Refusal {
  const absolute = isAbsolute(path) ? path : resolve(files.cwd, path);
  const text = snapSees(absolute) ? files.read(absolute) : undefined;
  if (text === undefined) {
    return { code: 1, stderr: `ERROR open ${path}: no such file or directory\n` };
  }
  return text;
}

/** A charm argument, resolved. */
export type CharmSource =
  | { readonly kind: "charmhub"; readonly name: string }
  | { readonly kind: "local"; readonly path: string; readonly name: string };

/**
 * Resolve the charm of `juju deploy <charm>` or `juju refresh --path <charm>`.
 *
 * @param files The host's files.
 * @param arg The argument as given.
 * @param command `deploy` or `refresh --path`, for the message.
 * @returns The source, or the client's refusal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveCharm } from "./client_rules.ts";
 * const files = { cwd: "/src", read: () => "" };
 * assert.deepEqual(resolveCharm(files, "ubuntu", "deploy"), { kind: "charmhub", name: "ubuntu" });
 * assert.match(JSON.stringify(resolveCharm(files, "dist/x.charm", "deploy")), /is ambiguous/);
 * ```
 */
export function resolveCharm(
  files: ClientFiles,
  arg: string,
  command: "deploy" | "refresh --path",
): CharmSource | Refusal {
  const local = arg.startsWith("./") || arg.startsWith("../") || arg.startsWith("/");
  if (!local) {
    if (command === "deploy" && !arg.includes("/") && !arg.endsWith(".charm")) {
      return { kind: "charmhub", name: arg };
    }
    return {
      code: 1,
      stderr: `ERROR The charm or bundle "${arg}" is ambiguous.\n` +
        `To deploy a local charm or bundle, run \`juju ${command} ./${arg}\`.\n`,
    };
  }
  const absolute = resolve(files.cwd, arg);
  if (!snapSees(absolute) || files.read(absolute) === undefined) {
    return { code: 1, stderr: `ERROR no charm was found at "${arg}"\n` };
  }
  const file = absolute.slice(absolute.lastIndexOf("/") + 1);
  return { kind: "local", path: absolute, name: file.replace(/(_.*)?\.charm$/, "") };
}

/**
 * Whether a value is a refusal.
 *
 * @param value A result of this module.
 * @returns `true` for a refusal.
 */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && "stderr" in value;
}
