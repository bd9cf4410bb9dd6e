/**
 * Named hostile `fileset` values: what each does to the backup server or to
 * Juju when published, and the exact `blocked` message the charm gives
 * instead.
 *
 * @module
 */

/**
 * Why a value is refused: `bacula`, Bacula's parser does not read the
 * published entries back as they are (in the unquoted or the quoted
 * rendering); `yaml`, Juju's YAML layer refuses the relation data, so the
 * hook would fail; `unseen`, nothing breaks, but the value shows in
 * `juju config` as another path would.
 */
export type HostileKind = "bacula" | "yaml" | "unseen";

/** One hostile value. */
export interface HostileFileset {
  /** What the value does. */
  readonly name: string;
  /** The `fileset` option. */
  readonly value: string;
  /** The `blocked` message the charm sets. */
  readonly message: string;
  /** Why it is refused. */
  readonly kind: HostileKind;
}

const SPACE = "which the backup server cannot take in a path";
const RESERVED = "which the backup server's configuration reserves";
const FORMAT = "which makes different paths look the same";

/** The values, with the messages the charm must give. */
export const HOSTILE_FILESETS: readonly HostileFileset[] = [
  {
    name: "a space, then a program the Director runs when it loads its configuration",
    value: "/srv/a @|/bin/true",
    message: `invalid config: fileset: "/srv/a @|/bin/true" contains whitespace (U+0020), ${SPACE}`,
    kind: "bacula",
  },
  {
    name: "=, then a file the Director includes into its configuration",
    value: "/srv/b=@/etc/x",
    message: `invalid config: fileset: "/srv/b=@/etc/x" contains "=", ${RESERVED}`,
    kind: "bacula",
  },
  {
    name: "a space in a name, which backs up the name's first word",
    value: "/srv/my files",
    message: `invalid config: fileset: "/srv/my files" contains whitespace (U+0020), ${SPACE}`,
    kind: "bacula",
  },
  {
    name: "a comma, then a program as an entry of its own",
    value: "/srv/a,@|/bin/true",
    message: 'invalid config: fileset: "@|/bin/true" is not an absolute path',
    kind: "bacula",
  },
  {
    name: "a newline, then a directive",
    value: "/srv\nFile = /etc/shadow",
    message: 'invalid config: fileset: "/srv\\nFile = /etc/shadow" contains a control character ' +
      "(U+000A)",
    kind: "bacula",
  },
  {
    name: "a tab, then an include",
    value: "/srv\t@/etc/x",
    message: 'invalid config: fileset: "/srv\\t@/etc/x" contains a control character (U+0009)',
    kind: "bacula",
  },
  {
    name: "a form feed, which Bacula takes for a space",
    value: "/srv/a\fb",
    message: 'invalid config: fileset: "/srv/a\\fb" contains a control character (U+000C)',
    kind: "bacula",
  },
  {
    name: "a comment that hides the rest of the name",
    value: "/srv/a#b",
    message: `invalid config: fileset: "/srv/a#b" contains "#", ${RESERVED}`,
    kind: "bacula",
  },
  {
    name: "a semicolon, then an include",
    value: "/srv/a;@/etc/x",
    message: `invalid config: fileset: "/srv/a;@/etc/x" contains ";", ${RESERVED}`,
    kind: "bacula",
  },
  {
    name: "a brace that closes the Include",
    value: "/srv/a}",
    message: `invalid config: fileset: "/srv/a}" contains "}", ${RESERVED}`,
    kind: "bacula",
  },
  {
    name: "a brace that opens a resource",
    value: "/srv/a{b",
    message: `invalid config: fileset: "/srv/a{b" contains "{", ${RESERVED}`,
    kind: "bacula",
  },
  {
    name: "a lone surrogate, which UTF-8 cannot encode",
    value: "/srv/a\ud800",
    message: 'invalid config: fileset: "/srv/a\\ud800" is not valid Unicode',
    kind: "bacula",
  },
  {
    name: "a double quote that ends the quoted rendering",
    value: '/srv/a"b',
    message: `invalid config: fileset: "/srv/a\\"b" contains "\\"", ${RESERVED}`,
    kind: "bacula",
  },
  {
    name: "a backslash, which escapes the next character",
    value: "/srv/a\\b",
    message: `invalid config: fileset: "/srv/a\\\\b" contains "\\\\", ${RESERVED}`,
    kind: "bacula",
  },
  {
    name: "a path of 6000 bytes, a token too long for Bacula's lexer",
    value: `/${"a".repeat(5999)}`,
    message: `invalid config: fileset: "/${"a".repeat(23)}…" is longer than 4096 bytes`,
    kind: "bacula",
  },
  {
    name: "U+FFFF, which Juju's YAML refuses",
    value: "/srv/a\uffff",
    message: 'invalid config: fileset: "/srv/a\\uffff" contains a Unicode noncharacter (U+FFFF)',
    kind: "yaml",
  },
  {
    name: "U+FFFE, which Juju's YAML refuses",
    value: "/srv/\ufffeb",
    message: 'invalid config: fileset: "/srv/\\ufffeb" contains a Unicode noncharacter (U+FFFE)',
    kind: "yaml",
  },
  {
    name: "a noncharacter outside the BMP",
    value: "/srv/a\u{1fffe}",
    message:
      'invalid config: fileset: "/srv/a\\u{1fffe}" contains a Unicode noncharacter (U+1FFFE)',
    kind: "unseen",
  },
  {
    name: "a no-break space, which looks like a space",
    value: "/srv/my\u00a0files",
    message:
      `invalid config: fileset: "/srv/my\\u00a0files" contains whitespace (U+00A0), ${SPACE}`,
    kind: "unseen",
  },
  {
    name: "an ideographic space",
    value: "/srv/a\u3000b",
    message: `invalid config: fileset: "/srv/a\\u3000b" contains whitespace (U+3000), ${SPACE}`,
    kind: "unseen",
  },
  {
    name: "a line separator",
    value: "/srv/a\u2028b",
    message: `invalid config: fileset: "/srv/a\\u2028b" contains whitespace (U+2028), ${SPACE}`,
    kind: "unseen",
  },
  {
    name: "a zero-width space",
    value: "/var/back\u200bups",
    message: "invalid config: fileset: " +
      `"/var/back\\u200bups" contains an invisible format character (U+200B), ${FORMAT}`,
    kind: "unseen",
  },
  {
    name: "a right-to-left override that shows the name backwards",
    value: "/srv/\u202eexe.pgj",
    message: "invalid config: fileset: " +
      `"/srv/\\u202eexe.pgj" contains an invisible format character (U+202E), ${FORMAT}`,
    kind: "unseen",
  },
  {
    name: "a byte order mark inside a name",
    value: "/srv/a\ufeffb",
    message: "invalid config: fileset: " +
      `"/srv/a\\ufeffb" contains an invisible format character (U+FEFF), ${FORMAT}`,
    kind: "unseen",
  },
  {
    name: "a Hangul filler, which shows as nothing",
    value: "/srv/x\u3164",
    message: "invalid config: fileset: " +
      `"/srv/x\\u3164" contains an invisible or blank character (U+3164), ${FORMAT}`,
    kind: "unseen",
  },
  {
    name: "a combining grapheme joiner, which shows as nothing",
    value: "/srv/a\u034fb",
    message: "invalid config: fileset: " +
      `"/srv/a\\u034fb" contains an invisible or blank character (U+034F), ${FORMAT}`,
    kind: "unseen",
  },
  {
    name: "a braille pattern blank, which shows as a blank",
    value: "/srv/\u2800",
    message: "invalid config: fileset: " +
      `"/srv/\\u2800" contains an invisible or blank character (U+2800), ${FORMAT}`,
    kind: "unseen",
  },
];

/**
 * Real paths that must stay accepted, and that Bacula reads back as they are.
 */
export const ORDINARY_PATHS: readonly string[] = [
  "/",
  "/var/backups",
  "/var/lib/postgresql/14/main",
  "/etc/systemd/system/getty@.service.d",
  "/srv/it's",
  "/srv/c++/a+b",
  "/home/~user/~backup",
  "/srv/100%",
  "/srv/[literal]*?",
  "/srv/a!b$c&d(e)f|g<h>i`j^k:l",
  "/srv/münchen/日本語/Ελληνικά/emoji😀",
  "/srv/.hidden/..dots/a.b/-dash/_under",
  "/srv/\ue000private",
];
