/**
 * Reads a zip's central directory byte by byte, for what fflate's unzip does
 * not report: the "made by" host, the external attributes (Unix mode), the
 * compression method and the stored time of each entry.
 *
 * @module
 */

/** One central directory entry. */
export interface CentralEntry {
  /** The entry's name as stored. */
  readonly name: string;
  /** The "made by" host byte: 3 is Unix. */
  readonly host: number;
  /** The compression method: 8 is deflate, 0 is stored. */
  readonly method: number;
  /** The external attributes. */
  readonly externalAttributes: number;
  /** The Unix `st_mode` (the external attributes' high 16 bits). */
  readonly unixMode: number;
  /** The stored DOS date and time, as calendar fields. */
  readonly time: {
    readonly year: number;
    readonly month: number;
    readonly day: number;
    readonly hours: number;
    readonly minutes: number;
    readonly seconds: number;
  };
}

/**
 * List a zip's central directory.
 *
 * @param bytes The archive.
 * @returns Its entries, in stored order.
 * @throws {SyntaxError} When the bytes are not a zip without a comment.
 */
export function readCentralDirectory(bytes: Uint8Array): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  if (end < 0 || view.getUint32(end, true) !== 0x06054b50) {
    throw new SyntaxError("Cannot read zip: no end of central directory record at the end");
  }
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: CentralEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) {
      throw new SyntaxError(`Cannot read zip: no central directory entry at ${at}`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const external = view.getUint32(at + 38, true);
    const dosTime = view.getUint16(at + 12, true);
    const dosDate = view.getUint16(at + 14, true);
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      host: view.getUint8(at + 5),
      method: view.getUint16(at + 10, true),
      externalAttributes: external,
      unixMode: external >>> 16,
      time: {
        year: 1980 + (dosDate >> 9),
        month: (dosDate >> 5) & 0xf,
        day: dosDate & 0x1f,
        hours: dosTime >> 11,
        minutes: (dosTime >> 5) & 0x3f,
        seconds: (dosTime & 0x1f) * 2,
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
