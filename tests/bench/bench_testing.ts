/**
 * A helper of the bench tests: an output that collects what the benchmark
 * prints, instead of the console.
 *
 * @module
 */

/**
 * An output for `benchMain()` that keeps every line it is given.
 *
 * @returns The lines, and the output that fills them.
 */
export function quiet(): {
  lines: string[];
  output: { writeOut: (t: string) => void; writeError: (t: string) => void };
} {
  const lines: string[] = [];
  return {
    lines,
    output: { writeOut: (t: string) => lines.push(t), writeError: (t: string) => lines.push(t) },
  };
}
