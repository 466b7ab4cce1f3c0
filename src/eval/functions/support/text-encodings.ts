/**
 * The character encodings textencodebase64/textdecodebase64 support, looked up by IANA name or
 * alias (case-insensitively) as golang.org/x/text's ianaindex does. Only the commonly used
 * single-byte and Unicode encodings are implemented.
 */
export interface TextEncoding {
  /** The IANA canonical name, used in error messages. */
  readonly name: string;
  /** Returns undefined when a character cannot be represented. */
  encode(s: string): Buffer | undefined;
  /** Returns undefined when the bytes are not valid in this encoding. */
  decode(b: Buffer): string | undefined;
}

function singleByte(name: string, max: number, table?: readonly number[]): TextEncoding {
  // `table` maps bytes 0x80-0x9F for windows-1252; other bytes are Latin-1.
  const toCode = (byte: number): number | undefined =>
    table && byte >= 0x80 && byte <= 0x9f ? table[byte - 0x80] : byte;
  return {
    name,
    encode(s) {
      const out: number[] = [];
      for (const ch of s) {
        const c = ch.codePointAt(0)!;
        let byte: number | undefined;
        if (c <= max && (!table || c < 0x80 || c > 0x9f)) byte = c;
        else if (table) {
          const i = table.indexOf(c);
          if (i >= 0) byte = 0x80 + i;
        }
        if (byte === undefined) return undefined;
        out.push(byte);
      }
      return Buffer.from(out);
    },
    decode(b) {
      let s = '';
      for (const byte of b) {
        const c = byte > max ? undefined : toCode(byte);
        if (c === undefined || c < 0) return undefined;
        s += String.fromCodePoint(c);
      }
      return s;
    },
  };
}

const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1,
  0x017d, -1, -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, -1, 0x017e, 0x0178,
];

function utf16(name: string, littleEndian: boolean, bom: boolean): TextEncoding {
  return {
    name,
    encode(s) {
      const le = Buffer.from(s, 'utf16le');
      const body = littleEndian ? le : le.swap16();
      return bom ? Buffer.concat([Buffer.from(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body;
    },
    decode(b) {
      let bytes = b;
      let little = littleEndian;
      if (bom && bytes.length >= 2) {
        if (bytes[0] === 0xfe && bytes[1] === 0xff) bytes = bytes.subarray(2);
        else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
          bytes = bytes.subarray(2);
          little = true;
        }
      }
      if (bytes.length % 2 !== 0) return undefined;
      try {
        return new TextDecoder(little ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
      } catch {
        return undefined;
      }
    },
  };
}

const utf8: TextEncoding = {
  name: 'UTF-8',
  encode: (s) => Buffer.from(s, 'utf8'),
  decode(b) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      return undefined;
    }
  },
};

const ENCODINGS: readonly [TextEncoding, readonly string[]][] = [
  [utf8, ['utf-8', 'utf8', 'csutf8']],
  [utf16('UTF-16', false, true), ['utf-16', 'csutf16']],
  [utf16('UTF-16BE', false, false), ['utf-16be', 'csutf16be']],
  [utf16('UTF-16LE', true, false), ['utf-16le', 'csutf16le']],
  [
    singleByte('US-ASCII', 0x7f),
    [
      'us-ascii',
      'ascii',
      'iso-ir-6',
      'ansi_x3.4-1968',
      'ansi_x3.4-1986',
      'iso_646.irv:1991',
      'iso646-us',
      'us',
      'ibm367',
      'cp367',
      'csascii',
    ],
  ],
  [
    singleByte('ISO-8859-1', 0xff),
    [
      'iso-8859-1',
      'iso_8859-1:1987',
      'iso-ir-100',
      'iso_8859-1',
      'latin1',
      'l1',
      'ibm819',
      'cp819',
      'csisolatin1',
    ],
  ],
  [singleByte('windows-1252', 0xff, CP1252_HIGH), ['windows-1252', 'cswindows1252']],
];

export function lookupEncoding(label: string): TextEncoding | undefined {
  const l = label.toLowerCase();
  return ENCODINGS.find(([, aliases]) => aliases.includes(l))?.[0];
}
