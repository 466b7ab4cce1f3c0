/**
 * The values `iso_checksum` takes, read as go-getter (which Packer's download step uses) reads them:
 * `none`, `<type>:<hex>`, a bare hex value whose length picks the type, or `file:<url or path>`
 * naming a checksum file in GNU (`<hex>  name`) or BSD (`SHA256 (name) = <hex>`) format. Pure: the
 * checksum file itself is fetched by the download step; this module only reads its text.
 */

export type ChecksumType = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** A checksum to verify a file with; `value` is lower-case hex. */
export interface FileChecksum {
  readonly type: ChecksumType;
  readonly value: string;
}

/** What an `iso_checksum` value asks for. */
export type ChecksumOption =
  | { readonly kind: 'none' }
  | { readonly kind: 'value'; readonly checksum: FileChecksum }
  | { readonly kind: 'file'; readonly location: string };

/** Digest sizes in bytes, by type (go-getter guesses a bare value's type from these). */
const SIZES: readonly (readonly [ChecksumType, number])[] = [
  ['md5', 16],
  ['sha1', 20],
  ['sha256', 32],
  ['sha512', 64],
];

/** A value go-getter refuses; `message` is its wording. */
export class ChecksumSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecksumSyntaxError';
  }
}

/**
 * Reads an `iso_checksum` value. Throws ChecksumSyntaxError with go-getter's message for a value it
 * rejects (bad hex, unknown type, a length that matches no type).
 */
export function parseChecksumOption(text: string): ChecksumOption {
  if (text === 'none') return { kind: 'none' };
  const colon = text.indexOf(':');
  if (colon < 0) return { kind: 'value', checksum: checksumFromValue(text) };
  const type = text.slice(0, colon);
  const value = text.slice(colon + 1);
  if (type === 'file') return { kind: 'file', location: value };
  return { kind: 'value', checksum: checksumFromType(type, value) };
}

/** `sha256:<hex>`: the form Packer turns every checksum into once resolved (and names cache files by). */
export function checksumString(c: FileChecksum): string {
  return `${c.type}:${c.value}`;
}

/** go-getter's newChecksumFromType: the hex is decoded before the type is looked at. */
export function checksumFromType(type: string, value: string): FileChecksum {
  const hex = decodeHex(value);
  const lower = type.toLowerCase();
  if (!SIZES.some(([t]) => t === lower)) throw new ChecksumSyntaxError(`unsupported checksum type: ${type}`);
  return { type: lower as ChecksumType, value: hex };
}

/** go-getter's newChecksumFromValue: the type is the one whose digest has the value's length. */
export function checksumFromValue(value: string): FileChecksum {
  const hex = decodeHex(value);
  const found = SIZES.find(([, size]) => size * 2 === hex.length);
  if (found === undefined) throw new ChecksumSyntaxError(`Unknown type for checksum ${value}`);
  return { type: found[0], value: hex };
}

/**
 * Validates hex the way Go's hex.DecodeString does (and words its errors the same way, under
 * go-getter's "invalid checksum: " prefix); returns it in lower case.
 */
function decodeHex(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const isHex = (b: number): boolean =>
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  let j = 1;
  for (; j < bytes.length; j += 2) {
    if (!isHex(bytes[j - 1])) throw invalidByte(bytes[j - 1]);
    if (!isHex(bytes[j])) throw invalidByte(bytes[j]);
  }
  if (bytes.length % 2 === 1) {
    // Go reports a bad last character before the odd length, as the earlier problem.
    if (!isHex(bytes[j - 1])) throw invalidByte(bytes[j - 1]);
    throw new ChecksumSyntaxError('invalid checksum: encoding/hex: odd length hex string');
  }
  return text.toLowerCase();
}

/** Go's InvalidByteError: the byte as a rune in %#U form (`U+0078 'x'`; no quoted form when unprintable). */
function invalidByte(b: number): ChecksumSyntaxError {
  const code = `U+${b.toString(16).toUpperCase().padStart(4, '0')}`;
  const printable = (b >= 0x20 && b <= 0x7e) || (b >= 0xa1 && b <= 0xff && b !== 0xad);
  const rune = printable ? ` '${String.fromCharCode(b)}'` : '';
  return new ChecksumSyntaxError(`invalid checksum: encoding/hex: invalid byte: ${code}${rune}`);
}

/** One checksum file entry; `filename` is empty when the line names no file (any file matches). */
interface ChecksumLine {
  readonly checksum: FileChecksum;
  readonly filename: string;
}

/**
 * go-getter's parseChecksumLine: four fields are BSD style (`MD5 (file) = <hex>`), two are GNU style
 * (`<hex>  file`, `<hex> *file`), any other count is a bare value. Comment-like lines (`#`, `/`,
 * `-`) and lines it cannot read are skipped (undefined).
 */
export function parseChecksumLine(line: string): ChecksumLine | undefined {
  if (line === '' || '#/-'.includes(line[0])) return undefined;
  const parts = line.split(/\s+/).filter((p) => p !== '');
  try {
    switch (parts.length) {
      case 0:
        return undefined;
      case 4: {
        const name = parts[1];
        if (name.length <= 2 || !name.startsWith('(') || !name.endsWith(')')) return undefined;
        return { checksum: checksumFromType(parts[0], parts[3]), filename: name.slice(1, -1) };
      }
      case 2:
        return { checksum: checksumFromValue(parts[0]), filename: parts[1] };
      default:
        return { checksum: checksumFromValue(parts[0]), filename: '' };
    }
  } catch (e) {
    if (e instanceof ChecksumSyntaxError) return undefined;
    throw e;
  }
}

/** Where the checksummed file and the checksum file are, as go-getter compares them to the entries. */
export interface ChecksumFileMatch {
  /** The path part of the checksummed file's URL, or its local path (absolute). */
  readonly checksummedPath: string;
  /** The path part of the checksum file's URL, or its local path as written. */
  readonly checksumFilePath: string;
}

/**
 * go-getter's checksumFromFile, given the checksum file's text: the first entry naming the file (by
 * base name, `*name`, `?name`, its path relative to the checksum file's directory, `./` that, or
 * its absolute path), or a line naming no file, or an entry whose name (leading `./` trimmed) is
 * part of the file's path. Unlike go-getter, a last line without a newline is read too.
 */
export function findChecksumInFile(text: string, where: ChecksumFileMatch): FileChecksum | undefined {
  const { checksummedPath } = where;
  const filename = posixBase(checksummedPath);
  const dir = posixDir(where.checksumFilePath);
  // filepath.Rel fails for a relative directory against an absolute path: that option is then unused.
  const relpath = dir.startsWith('/') ? posixRelative(dir, checksummedPath) : '';
  const options = [
    filename,
    `*${filename}`,
    `?${filename}`,
    relpath,
    relpath && `./${relpath}`,
    checksummedPath,
  ];
  for (const line of text.split('\n')) {
    const entry = parseChecksumLine(line);
    if (entry === undefined) continue;
    if (entry.filename === '') return entry.checksum;
    if (options.some((o) => o !== '' && o === entry.filename)) return entry.checksum;
    // Sub-folders tell versions apart (./netboot/mini.iso, ./hwe-netboot/mini.iso).
    const trimmed = entry.filename.replace(/^[./]+/, '');
    if (checksummedPath.includes(trimmed)) return entry.checksum;
  }
  return undefined;
}

function posixBase(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function posixDir(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}

function posixRelative(from: string, to: string): string {
  const a = from.split('/').filter((s) => s !== '' && s !== '.');
  const b = to.split('/').filter((s) => s !== '' && s !== '.');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
