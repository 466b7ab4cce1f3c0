import { constants as zlibConstants, deflateRawSync, gzipSync } from 'node:zlib';
import { DynamicType, StringType, listOf, objectOf } from '../../values/types';
import { toJSONValue } from '../../values/json';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec } from './function';
import { registerFamily } from './index';
import { base64CorruptOffset, decodeStdBase64 } from './support/base64';
import { CsvError, readCsv } from './support/csv';
import { goQuote } from '../../text/go-quote';
import { decodeGoJson } from './support/go-json-decoder';
import { type TextEncoding, lookupEncoding } from './support/text-encodings';
import { fromYAML, toYAML } from './support/yaml-codec';
import { isStackOverflow } from '../../text/stack-depth';

/**
 * Encoding functions: base64 (go-cty-funcs), base64gzip and text*base64 (Packer), urlencode,
 * csvdecode, jsonencode/jsondecode (cty stdlib) and yamlencode/yamldecode (go-cty-yaml).
 */

const stringToString = (impl: (s: string) => string): FunctionSpec => ({
  params: [{ name: 'str', type: StringType }],
  returnType: () => StringType,
  impl: (args) => Value.string(impl(args[0].asString())),
});

function base64decode(s: string): string {
  const bytes = decodeStdBase64(s);
  if (!bytes) throw new FunctionError(`failed to decode base64 data '${s}'`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FunctionError('the result of decoding the the provided string is not valid UTF-8');
  }
}

/**
 * Packer's base64gzip writes, then Flush()es, then Close()s a Go gzip writer: the data ends in a
 * non-final block and a sync marker, followed by an empty final stored block. zlib's sync flush
 * gives the same framing; the header records an unknown OS (255) as Go does. Go's compressor may
 * still choose different matches than zlib for long inputs (the result decompresses the same).
 */
function base64gzip(s: string): string {
  const data = Buffer.from(s, 'utf8');
  const body = deflateRawSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const plain = gzipSync(data);
  const header = plain.subarray(0, 10);
  header[9] = 0xff;
  const trailer = plain.subarray(plain.length - 8); // CRC-32 and length of the input
  return Buffer.concat([header, body, Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]), trailer]).toString(
    'base64',
  );
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The text encoding named by argument 1 of textencodebase64/textdecodebase64. */
function encodingArg(arg: Value): TextEncoding {
  const label = arg.asString();
  const enc = lookupEncoding(label);
  if (!enc) {
    throw new FunctionArgError(1, `${JSON.stringify(label)} is not a supported IANA encoding name or alias`);
  }
  return enc;
}

const textEncodeBase64: FunctionSpec = {
  params: [
    { name: 'string', type: StringType },
    { name: 'encoding', type: StringType },
  ],
  returnType: () => StringType,
  impl: (args) => {
    const enc = encodingArg(args[1]);
    const bytes = enc.encode(args[0].asString());
    if (!bytes) {
      throw new FunctionArgError(
        0,
        `the given string contains characters that cannot be represented in ${enc.name}`,
      );
    }
    return Value.string(bytes.toString('base64'));
  },
};

const textDecodeBase64: FunctionSpec = {
  params: [
    { name: 'source', type: StringType },
    { name: 'encoding', type: StringType },
  ],
  returnType: () => StringType,
  impl: (args) => {
    const enc = encodingArg(args[1]);
    const s = args[0].asString();
    const bytes = decodeStdBase64(s);
    if (!bytes) {
      throw new FunctionArgError(
        0,
        `the given value is has an invalid base64 symbol at offset ${base64CorruptOffset(s)}`,
      );
    }
    const text = enc.decode(bytes);
    if (text === undefined || text.includes('\ufffd')) {
      throw new FunctionArgError(0, `the given string contains symbols that are not defined for ${enc.name}`);
    }
    return Value.string(text);
  },
};

function csvRows(src: string): { headers: string[]; rows: string[][] } {
  try {
    const first = readCsv(src);
    if (first.length === 0) throw new FunctionError('missing header line');
    const all = readCsv(src, first[0].length);
    return { headers: all[0], rows: all.slice(1) };
  } catch (e) {
    if (e instanceof CsvError) throw new FunctionError(`CSV parse error on line ${e.line}: ${e.reason}`);
    throw e;
  }
}

const csvdecode: FunctionSpec = {
  params: [{ name: 'str', type: StringType }],
  returnType: (args) => {
    if (!args[0].isKnown()) return DynamicType;
    const { headers } = csvRows(args[0].asString());
    const attrs: Record<string, typeof StringType> = {};
    for (const h of headers) {
      if (Object.prototype.hasOwnProperty.call(attrs, h))
        throw new FunctionError(`duplicate column name ${goQuote(h)}`);
      attrs[h] = StringType;
    }
    return listOf(objectOf(attrs));
  },
  impl: (args, returnType) => {
    const { headers, rows } = csvRows(args[0].asString());
    const values = rows.map((cols) =>
      Value.object(Object.fromEntries(cols.map((c, i) => [headers[i], Value.string(c)]))),
    );
    return Value.list(values, returnType.kind === 'list' ? returnType.element : undefined);
  },
};

const jsonencode: FunctionSpec = {
  params: [{ name: 'val', type: DynamicType, allowUnknown: true, allowDynamicType: true, allowNull: true }],
  returnType: () => StringType,
  impl: (args) => {
    const v = args[0];
    if (!v.isWhollyKnown()) return Value.unknown(StringType);
    try {
      return Value.string(toJSONValue(v));
    } catch (e) {
      throw new FunctionError((e as Error).message);
    }
  },
};

/** Decoding happens in returnType (the type depends on the text); impl then decodes again. */
function decodeWith(parse: (s: string) => Value): FunctionSpec {
  return {
    params: [{ name: 'str', type: StringType }],
    returnType: (args) => {
      if (!args[0].isKnown()) return DynamicType;
      try {
        return parse(args[0].asString()).type;
      } catch (e) {
        throw decodeError(e);
      }
    },
    impl: (args) => {
      try {
        return parse(args[0].asString());
      } catch (e) {
        throw decodeError(e);
      }
    },
  };
}

function decodeError(e: unknown): FunctionError {
  // Deeper than the stack allows (src/text/stack-depth.ts): Go would decode it, Kiln says why not.
  if (isStackOverflow(e)) return new FunctionError('the value is nested too deeply to decode');
  return new FunctionError((e as Error).message);
}

const yamlencode: FunctionSpec = {
  params: [{ name: 'value', type: DynamicType, allowNull: true, allowDynamicType: true }],
  returnType: () => StringType,
  impl: (args) => {
    if (!args[0].isWhollyKnown()) return Value.unknown(StringType);
    try {
      return Value.string(toYAML(args[0]));
    } catch (e) {
      throw new FunctionError((e as Error).message);
    }
  },
};

registerFamily((table) => {
  table.set(
    'base64encode',
    stringToString((s) => Buffer.from(s, 'utf8').toString('base64')),
  );
  table.set('base64decode', stringToString(base64decode));
  table.set('base64gzip', stringToString(base64gzip));
  table.set('urlencode', stringToString(queryEscape));
  table.set('textencodebase64', textEncodeBase64);
  table.set('textdecodebase64', textDecodeBase64);
  table.set('csvdecode', csvdecode);
  table.set('jsonencode', jsonencode);
  table.set('jsondecode', decodeWith(decodeGoJson));
  table.set('yamlencode', yamlencode);
  table.set('yamldecode', decodeWith(fromYAML));
});
