/**
 * The temporary directory of a harness, removed whatever happens: by its
 * `cleanup()` (or `await using`) when the test ends, pass or fail; and, for a
 * harness a failed test never got to clean up, when the test process exits.
 * Removal opens up directories a test (or a faulty charm) made unreadable, so
 * it works for an unprivileged user too; it never follows a link.
 *
 * @module
 */

const live = new Set<string>();
let listening = false;

/**
 * Make a temporary directory that is removed at the latest when the process exits.
 *
 * @param prefix The name's prefix, e.g. `fake-juju-`.
 * @returns Its absolute path.
 */
export async function makeHarnessDir(prefix: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix });
  live.add(dir);
  if (!listening) {
    listening = true;
    globalThis.addEventListener("unload", () => {
      for (const left of live) removeTree(left);
    });
  }
  return dir;
}

/**
 * Remove a harness directory and everything in it now; a missing one is fine.
 *
 * @param dir The directory {@link makeHarnessDir} made.
 * @throws {Error} When it cannot be removed even after opening it up.
 */
export function removeHarnessDir(dir: string): void {
  removeTree(dir);
  live.delete(dir);
}

function removeTree(dir: string): void {
  try {
    Deno.removeSync(dir, { recursive: true });
    return;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
  }
  openUp(dir);
  Deno.removeSync(dir, { recursive: true });
}

/** Give the owner every right on each directory of a tree, never following a link. */
function openUp(path: string): void {
  if (!Deno.lstatSync(path).isDirectory) return;
  Deno.chmodSync(path, 0o700);
  for (const entry of Deno.readDirSync(path)) {
    if (entry.isDirectory) openUp(`${path}/${entry.name}`);
  }
}
