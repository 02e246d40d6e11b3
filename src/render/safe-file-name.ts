import { createHash } from 'node:crypto';

/** Encoded names longer than this are shortened and a hash of the whole name appended. */
const MAX_LENGTH = 64;
const KEPT_PREFIX = 40;
const ESCAPE = '~';

/**
 * Names the site writes itself without an extension, beside data-named folders and files (`assets/`,
 * `badges/`, `<version>/validated.html`, `changes.html`, `feedback/`), and the names the release machinery keeps free.
 */
const RESERVED: ReadonlySet<string> = new Set([
  'assets',
  'badges',
  'validated',
  'changes',
  'feedback',
  'index',
  'status',
  'state',
  'current',
  'releases',
  'previous',
]);

function isKept(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x5f || // _
    code === 0x40 // @ (the architecture split's `fuel@x86_64`; names from the data never hold one)
  );
}

const isAlphanumeric = (code: number): boolean =>
  isKept(code) && code !== 0x2d && code !== 0x5f && code !== 0x40;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/**
 * A dot between a letter or digit and a digit (`colorado.1.0`, `opnfv-5.0.0`) is kept: no file the site
 * writes has a dot followed by a digit (`.html`, `.json`, `.csv`, `.atom`, `.svg`, `.bak`, `.tmp-`), and
 * a name never starts with one.
 */
function isVersionDot(name: string, index: number): boolean {
  return (
    name.charCodeAt(index) === 0x2e &&
    index > 0 &&
    isAlphanumeric(name.charCodeAt(index - 1)) &&
    isDigit(name.charCodeAt(index + 1))
  );
}

const escaped = (code: number): string => `${ESCAPE}${code.toString(16).padStart(4, '0')}`;

/**
 * The file-name segment of a name from the data. Lower-case letters, digits, `-`, `_` and `@` are kept;
 * so is a dot between a letter or digit and a digit. Every other UTF-16 code unit (capitals, other dots,
 * slashes, spaces, control characters, lone surrogates) becomes `~` and four hex digits. Decoding is
 * unambiguous, so two different names never share a file, even on a case-insensitive disk; and as no
 * kept dot is followed by a letter, a segment can never be `index.html`, `state.json`, `fuel.html`
 * (beside the folder of installer `fuel`) or hidden. A name that would equal a reserved folder has its first character
 * escaped, which plain encoding never does. Names whose encoding is longer than 64 characters keep a
 * readable start and end in `~~` and 32 hex digits of the SHA-256 of the whole name: `~~` appears in no
 * other encoding.
 */
export function safeFileName(name: string): string {
  if (name === '') return ESCAPE;
  let encoded = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    encoded += isKept(code) || isVersionDot(name, i) ? name[i] : escaped(code);
  }
  if (RESERVED.has(encoded)) encoded = escaped(name.charCodeAt(0)) + encoded.slice(1);
  if (encoded.length <= MAX_LENGTH) return encoded;
  // UTF-16 code units, not UTF-8: UTF-8 would turn every lone surrogate into the same U+FFFD.
  const hash = createHash('sha256').update(Buffer.from(name, 'utf16le')).digest('hex').slice(0, 32);
  return `${encoded.slice(0, KEPT_PREFIX)}${ESCAPE}${ESCAPE}${hash}`;
}
