import { type Node, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, Scalar } from 'yaml';
import { formatNumber } from '../../../values/number-format';
import { DynamicType } from '../../../values/types';
import { Value } from '../../../values/value';
import { decodeStdBase64 } from './base64';
import { goDecimalNumber, goPrefixedInteger, streamEndLine, yamlErrorAt } from './yaml-scalars';

/**
 * YAML for yamlencode/yamldecode, matching zclconf/go-cty-yaml. Encoding reproduces libyaml's
 * emitter for the events go-cty-yaml sends (block style, double-quoted strings folded past column
 * 80, literal blocks for multi-line strings, flow [] and {} when empty). Decoding uses the `yaml`
 * package only for structure and applies go-cty-yaml's own scalar resolution (YAML 1.1 booleans,
 * timestamps normalised to RFC 3339, !!binary kept as base64 text).
 */

const BEST_WIDTH = 80;
const INDENT = 2;

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

const ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

/** libyaml's double-quoted writer; `column` is where the opening quote goes. */
function doubleQuoted(s: string, column: number, indent: number, allowBreaks: boolean): string {
  let out = '"';
  let col = column + 1;
  const chars = [...s];
  let spaces = false;
  chars.forEach((ch, i) => {
    const c = ch.codePointAt(0)!;
    const isBreak = c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
    if (!isPrintable(c) || c === 0xfeff || isBreak || ch === '"' || ch === '\\') {
      const e = ESCAPES.get(c);
      let esc: string;
      if (e !== undefined) esc = `\\${e}`;
      else if (c <= 0xff) esc = `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
      else if (c <= 0xffff) esc = `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
      else esc = `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
      out += esc;
      col += esc.length;
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && col > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out += `\n${' '.repeat(indent)}`;
        col = indent;
        if (chars[i + 1] === ' ') {
          out += '\\';
          col++;
        }
      } else {
        out += ' ';
        col++;
      }
      spaces = true;
    } else {
      out += ch;
      col++;
      spaces = false;
    }
  });
  return `${out}"`;
}

/** Whether libyaml would accept literal block style for this multi-line string. */
function blockAllowed(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff) return false;
  }
  if (/ \n/.test(s) || s.endsWith(' ')) return false;
  return true;
}

function literalBlock(s: string, indent: number): string {
  let header = '|';
  if (s.startsWith(' ') || s.startsWith('\n')) header += String(INDENT);
  if (!s.endsWith('\n')) header += '-';
  else if (s.endsWith('\n\n') || s === '\n') header += '+';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const lines = body.split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent) + l));
  return `${header}\n${lines.join('\n')}\n`;
}

/** A scalar's text; multi-line results end with a newline, single-line ones do not. */
function scalar(v: Value, column: number, indent: number, isKey: boolean): string {
  if (v.isNull()) return 'null';
  switch (v.type.kind) {
    case 'number':
      return formatNumber(v.asNumber());
    case 'bool':
      return v.asBool() ? 'true' : 'false';
    default: {
      const s = v.asString();
      if (!isKey && s.includes('\n') && blockAllowed(s)) return literalBlock(s, indent);
      return doubleQuoted(s, column, indent, !isKey);
    }
  }
}

function isEmptyCollection(v: Value): boolean {
  return (
    !v.isNull() &&
    v.type.kind !== 'string' &&
    v.type.kind !== 'number' &&
    v.type.kind !== 'bool' &&
    v.length() === 0
  );
}

function isCollection(v: Value): boolean {
  return !v.isNull() && ['list', 'set', 'tuple', 'map', 'object'].includes(v.type.kind);
}

/**
 * Emits `v` where the cursor is at `column` on the current line. `indent` is the indentation of
 * the enclosing block collection (-1 at the document root). Returns text ending in a newline.
 */
function node(v: Value, column: number, indent: number, inMapping: boolean): string {
  if (!v.isKnown()) throw new Error('cannot serialize unknown value as YAML');
  if (isEmptyCollection(v)) return ['map', 'object'].includes(v.type.kind) ? '{}\n' : '[]\n';
  if (!isCollection(v)) {
    const text = scalar(v, column, indent < 0 ? INDENT : indent + INDENT, false);
    return text.endsWith('\n') ? text : `${text}\n`;
  }
  const seq = ['list', 'set', 'tuple'].includes(v.type.kind);
  // A sequence that is a mapping value is written "indentless", as libyaml does.
  const own = indent < 0 ? 0 : seq && inMapping ? indent : indent + INDENT;
  let out = '';
  let first = true;
  const pad = (): string => {
    // The first entry continues the current line when the cursor is already past the indent.
    const p = first && column >= own && column > 0 ? '' : ' '.repeat(own);
    first = false;
    return p;
  };
  if (seq) {
    for (const e of v.elements()) {
      out += `${pad()}- ${node(e, own + 2, own, false)}`;
    }
    return out;
  }
  for (const [k, e] of v.entries()) {
    const key = scalar(Value.string(k), own, own, true);
    const prefix = `${pad()}${key}:`;
    if (isCollection(e) && !isEmptyCollection(e)) {
      out += `${prefix}\n${node(e, 0, own, true)}`;
    } else {
      out += `${prefix} ${node(e, own + key.length + 2, own, true)}`;
    }
  }
  return out;
}

/**
 * yamlencode: a single document without "---", as go-cty-yaml produces. libyaml ends a document
 * whose root is a plain scalar (number, bool, null) with an explicit "..." marker.
 */
export function toYAML(v: Value): string {
  const text = node(v, 0, -1, false);
  const plainRoot = v.isNull() || v.type.kind === 'number' || v.type.kind === 'bool';
  return plainRoot ? `${text}...\n` : text;
}

// ---- decoding ------------------------------------------------------------------------------

const BOOLS: ReadonlyMap<string, boolean> = new Map([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(
    (s) => [s, false] as const,
  ),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INFINITIES: ReadonlyMap<string, string> = new Map([
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, 'Infinity'] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, '-Infinity'] as const),
]);
const TAG = 'tag:yaml.org,2002:';

/** go-cty-yaml's timestamp forms, normalised to RFC 3339 (UTC when no zone is given). */
function yamlTimestamp(s: string): string | undefined {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]| +)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:(Z)|([+-])(\d{2}):(\d{2}))?)?$/.exec(
      s,
    );
  if (!m) return undefined;
  const p2 = (x: string | undefined): string => (x ?? '0').padStart(2, '0');
  const spaceForm = !/[Tt]/.test(s);
  if (m[4] !== undefined && spaceForm && (m[7] || m[8])) return undefined;
  if (m[4] !== undefined && !spaceForm && !(m[7] || m[8])) return undefined;
  const zone = m[8] ? `${m[8]}${m[9]}:${m[10]}` : 'Z';
  return `${m[1]}-${p2(m[2])}-${p2(m[3])}T${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${zone}`;
}

function parseNumber(src: string, tag: string): Value {
  const plain = src.replace(/_/g, '');
  const n = goDecimalNumber(plain) ?? goPrefixedInteger(plain);
  if (n) return n;
  throw new Error(`cannot parse ${JSON.stringify(src)} as ${tag}`);
}

function resolveScalar(tag: string, src: string, quoted: boolean): Value {
  const known = [
    '',
    `${TAG}str`,
    `${TAG}bool`,
    `${TAG}int`,
    `${TAG}float`,
    `${TAG}null`,
    `${TAG}timestamp`,
    `${TAG}binary`,
  ];
  if (!known.includes(tag)) throw new Error(`unsupported tag ${JSON.stringify(tag)}`);
  let t = tag;
  const hint =
    src === ''
      ? 'N'
      : /[-+]/.test(src[0])
        ? 'S'
        : /[0-9]/.test(src[0])
          ? 'D'
          : /[yYnNtTfFoO~]/.test(src[0])
            ? 'M'
            : src[0] === '.'
              ? '.'
              : '';
  if (hint !== '' && t !== `${TAG}str` && t !== `${TAG}binary`) {
    if (quoted) return Value.string(src);
    if (BOOLS.has(src)) return Value.bool(BOOLS.get(src)!);
    if (NULLS.has(src)) return Value.nullOf(DynamicType);
    if (INFINITIES.has(src)) return Value.number(INFINITIES.get(src)!);
    if (t === '' && ['.nan', '.NaN', '.NAN'].includes(src))
      throw new Error('floating point NaN is not supported');
    if (hint === '.') {
      const n = goDecimalNumber(src);
      if (n) return n;
    }
    if (hint === 'D' || hint === 'S') {
      if (t === '' || t === `${TAG}timestamp`) {
        const ts = yamlTimestamp(src);
        if (ts !== undefined) return Value.string(ts);
      }
      // Only decimal syntax and 0b binary count as numbers here; "0x10" or "0o17" stay strings.
      const plain = src.replace(/_/g, '');
      const n = goDecimalNumber(plain);
      if (n) return n;
      if (plain.startsWith('0b') || plain.startsWith('-0b')) t = `${TAG}int`;
    }
  }
  switch (t) {
    case `${TAG}binary`:
      if (decodeStdBase64(src) === undefined)
        throw new Error(`cannot parse ${JSON.stringify(src)} as ${t}: not valid base64`);
      return Value.string(src);
    case `${TAG}bool`:
      if (!BOOLS.has(src)) throw new Error(`cannot parse ${JSON.stringify(src)} as ${t}`);
      return Value.bool(BOOLS.get(src)!);
    case `${TAG}int`:
    case `${TAG}float`:
      return parseNumber(src, t);
    case `${TAG}timestamp`: {
      const ts = yamlTimestamp(src);
      if (ts === undefined) throw new Error(`cannot parse ${JSON.stringify(src)} as ${t}`);
      return Value.string(ts);
    }
    case `${TAG}null`:
      return Value.nullOf(DynamicType);
    default:
      return Value.string(src);
  }
}

type Doc = Document.Parsed;

/** Scalar text and tag resolution, with go-cty-yaml's position prefix on errors. */
function scalarValue(n: Scalar, src: string): Value {
  const quoted = n.type === Scalar.QUOTE_DOUBLE || n.type === Scalar.QUOTE_SINGLE;
  const block = n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED;
  const tag = n.tag ? (n.tag.startsWith('!!') ? TAG + n.tag.slice(2) : n.tag) : block ? `${TAG}str` : '';
  try {
    return resolveScalar(tag, String(n.value), quoted);
  } catch (e) {
    throw new Error(yamlErrorAt(src, n.range?.[0] ?? 0, (e as Error).message));
  }
}

function nodeValue(n: Node | null, doc: Doc, src: string): Value {
  if (n === null) return Value.nullOf(DynamicType);
  if (isAlias(n)) {
    const target = n.resolve(doc);
    if (!target) throw new Error(`reference to undefined anchor ${JSON.stringify(n.source)}`);
    return nodeValue(target, doc, src);
  }
  if (isScalar(n)) return scalarValue(n, src);
  if (isSeq(n)) return Value.tuple(n.items.map((i) => nodeValue(i as Node, doc, src)));
  if (isMap(n)) {
    const attrs = new Map<string, Value>();
    for (const pair of n.items) {
      const keyNode = pair.key as Node | null;
      const at = (msg: string): Error => new Error(yamlErrorAt(src, keyNode?.range?.[0] ?? 0, msg));
      if (keyNode !== null && !isScalar(keyNode)) throw at('only strings are allowed as mapping keys');
      const value = nodeValue(pair.value as Node, doc, src);
      // An untagged "<<" key merges a mapping's attributes into this one.
      if (keyNode !== null && !keyNode.tag && String(keyNode.value) === '<<') {
        if (value.type.kind !== 'object') throw at(`cannot merge ${friendlyKind(value)} into mapping`);
        for (const [k, v] of value.entries()) attrs.set(k, v);
        continue;
      }
      const k = keyNode === null ? Value.nullOf(DynamicType) : scalarValue(keyNode, src);
      if (k.isNull()) throw at('mapping key cannot be null');
      if (k.type.kind === 'number') attrs.set(formatNumber(k.asNumber()), value);
      else if (k.type.kind === 'bool') attrs.set(String(k.asBool()), value);
      else attrs.set(k.asString(), value);
    }
    return Value.object(attrs);
  }
  throw new Error('unsupported YAML node');
}

/** cty's FriendlyName for the kinds a YAML value can have. */
function friendlyKind(v: Value): string {
  return v.isNull() ? 'dynamic' : v.type.kind;
}

/**
 * yamldecode: exactly one document's value with its implied type; throws Error on bad input. A
 * document that is just null has no implied type, so go-cty-yaml returns an unknown value.
 */
/**
 * Deepest flow nesting (`[`, `{`) yamldecode accepts. The YAML library's parser needs memory
 * that grows much faster than the depth (10,000 levels exhaust the heap), so deeper input is refused
 * before parsing, with its position.
 */
const MAX_FLOW_DEPTH = 1000;

function checkFlowDepth(src: string): void {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) fail(yamlErrorAt(src, i, 'nesting too deep'));
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
}

export function fromYAML(src: string): Value {
  checkFlowDepth(src);
  const docs = parseAllDocuments(src, { schema: 'failsafe', version: '1.1', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (doc === undefined) {
    return fail(`on line ${streamEndLine(src)}, column 1: missing start of document`);
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos ? e.linePos[0].line : 1;
    throw new Error(
      `on line ${line}, column ${e.linePos ? e.linePos[0].col : 1}: ${e.message.split('\n')[0]}`,
    );
  }
  const v = nodeValue(doc.contents as Node | null, doc, src);
  if (list.length > 1) {
    throw new Error(yamlErrorAt(src, list[1].range[0], 'unexpected extra content after value'));
  }
  return v.isNull() ? Value.DynamicUnknown : v;
}

function fail(message: string): never {
  throw new Error(message);
}
