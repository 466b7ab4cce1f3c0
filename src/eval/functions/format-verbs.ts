import { convert } from '../../values/convert';
import { ConversionError } from '../../values/conversion-error';
import { BoolType, NumberType, StringType } from '../../values/types';
import { goJSONString, toJSONValue } from '../../values/json';
import type { Value } from '../../values/value';
import { FunctionArgError, FunctionError } from './function';
import { type VerbFlags, floatText, formatFloatVerb, formatIntVerb } from './support/go-fmt-number';
import { goQuote, goQuoteRune } from '../../text/go-quote';
import { graphemes } from './support/go-strings';

/**
 * The engine behind format() and formatlist(): cty's printf dialect. The scanner follows cty's
 * state machine (flags, width, precision, then an optional [n] argument index, then a letter), and
 * each verb is rendered as cty renders it. Offsets in messages are byte offsets into the UTF-8
 * format string, as in cty.
 */

export interface Verb extends VerbFlags {
  readonly raw: string;
  readonly offset: number;
  readonly argNum: number;
  readonly mode: string;
}

/**
 * A format string scanned once: literal text and verbs in order, then the scanning error (if any)
 * that stopped cty's scanner. formatlist applies one to every element, so the scanning — and the
 * byte counting its messages need — is not repeated a million times.
 */
export interface CompiledFormat {
  readonly parts: readonly (string | Verb)[];
  /** The highest argument number a verb uses (surplus arguments beyond it are an error). */
  readonly highest: number;
  /** Where cty's scanner gave up; raised after the verbs before it have been formatted, as cty does. */
  readonly scanError?: () => FunctionError;
}

const NONZERO_NUMBER = /[1-9][0-9]*/y;
const PRECISION = /\.([0-9]*)/y;
const LETTER = /[A-Za-z]/;

/** Scans a format string as cty's formatFSM does, without formatting anything yet. */
export function compileFormat(fmt: string): CompiledFormat {
  const parts: (string | Verb)[] = [];
  let literal = '';
  let nextArg = 1;
  let highest = 0;
  let i = 0; // index into fmt (UTF-16)
  let byteOffset = 0; // the same position in UTF-8 bytes
  const done = (scanError?: () => FunctionError): CompiledFormat => {
    if (literal) parts.push(literal);
    return { parts, highest, scanError };
  };
  const sticky = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = i;
    return re.exec(fmt);
  };
  const unrecognized = (): (() => FunctionError) => {
    const ch = String.fromCodePoint(fmt.codePointAt(i) as number);
    const message = `unrecognized format character ${goQuoteRune(ch)} at offset ${byteOffset}`;
    return () => new FunctionError(message);
  };
  const eof = (): (() => FunctionError) => {
    const message = `invalid format string starting at offset ${byteOffset}`;
    return () => new FunctionError(message);
  };

  while (i < fmt.length) {
    if (fmt[i] !== '%') {
      // Literal text runs to the next '%'; only its byte length matters for later offsets.
      let j = fmt.indexOf('%', i);
      if (j < 0) j = fmt.length;
      const text = fmt.slice(i, j);
      literal += text;
      byteOffset += Buffer.byteLength(text, 'utf8');
      i = j;
      continue;
    }
    if (fmt[i + 1] === '%') {
      literal += '%';
      i += 2;
      byteOffset += 2;
      continue;
    }
    // A verb: every character it may contain is ASCII, so bytes and indexes advance together.
    const start = i;
    const startByte = byteOffset;
    const advance = (n: number): void => {
      i += n;
      byteOffset += n;
    };
    advance(1);
    const flags = { plus: false, minus: false, space: false, zero: false, sharp: false };
    for (;;) {
      const c = fmt[i];
      if (c === '0') flags.zero = true;
      else if (c === '#') flags.sharp = true;
      else if (c === '-') flags.minus = true;
      else if (c === '+') flags.plus = true;
      else if (c === ' ') flags.space = true;
      else break;
      advance(1);
    }
    let width = -1;
    const w = sticky(NONZERO_NUMBER);
    if (w) {
      width = Number(w[0]);
      advance(w[0].length);
    }
    let prec = -1;
    if (fmt[i] === '.') {
      const p = sticky(PRECISION) as RegExpExecArray;
      prec = p[1] === '' ? 0 : Number(p[1]);
      advance(p[0].length);
    }
    let argNum = nextArg;
    if (fmt[i] === '[') {
      advance(1);
      const n = sticky(NONZERO_NUMBER);
      if (!n) return done(i >= fmt.length ? eof() : unrecognized());
      argNum = Number(n[0]);
      advance(n[0].length);
      if (i >= fmt.length) return done(eof());
      if (fmt[i] !== ']') return done(unrecognized());
      advance(1);
    }
    if (i >= fmt.length) return done(eof());
    if (!LETTER.test(fmt[i])) return done(unrecognized());
    const mode = fmt[i];
    advance(1);
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ ...flags, width, prec, argNum, mode, raw: fmt.slice(start, i), offset: startByte });
    if (argNum > highest) highest = argNum;
    nextArg = argNum + 1;
  }
  return done();
}

/** Formats args (0-based, already wholly known and unmarked) by a compiled format; throws cty's errors. */
export function applyFormat(format: CompiledFormat, args: readonly Value[]): string {
  let out = '';
  for (const part of format.parts) out += typeof part === 'string' ? part : formatVerb(part, args);
  if (format.scanError) throw format.scanError();
  const { highest } = format;
  if (highest < args.length) {
    // Surplus arguments are an error, to catch mistakes; the index counts the format string as 0.
    const firstBad = highest + 1;
    if (highest === 0) throw new FunctionArgError(firstBad, 'too many arguments; no verbs in format string');
    throw new FunctionArgError(firstBad, `too many arguments; only ${highest} used by format string`);
  }
  return out;
}

/** Formats args (0-based, already wholly known and unmarked) by fmt; throws cty's errors. */
export function formatValues(fmt: string, args: readonly Value[]): string {
  return applyFormat(compileFormat(fmt), args);
}

function formatVerb(verb: Verb, args: readonly Value[]): string {
  const idx = verb.argNum - 1;
  if (idx >= args.length) {
    throw new FunctionError(
      `not enough arguments for ${goQuote(verb.raw)} at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`,
    );
  }
  const arg = args[idx];
  if (verb.mode !== 'v' && arg.isNull()) {
    throw new FunctionError(
      `unsupported value for ${goQuote(verb.raw)} at ${verb.offset}: null value cannot be formatted`,
    );
  }
  switch (verb.mode) {
    case 'v':
      return formatAsIs(verb, arg);
    case 't':
      return convertFor(verb, arg, 't').asBool() ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X': {
      const n = convertFor(verb, arg, 'n').asNumber();
      if (!n.isFinite() || !n.isInteger()) {
        throw new FunctionError(
          `unsupported value for ${goQuote(verb.raw)} at ${verb.offset}: an integer is required`,
        );
      }
      return formatIntVerb(BigInt(n.toFixed(0)), verb.mode, verb);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloatVerb(convertFor(verb, arg, 'n').asNumber(), verb.mode, verb);
    case 's':
    case 'q':
      return formatString(verb, convertFor(verb, arg, 's').asString());
    default:
      throw new FunctionError(
        `unsupported format verb ${goQuoteRune(verb.mode)} in ${goQuote(verb.raw)} at offset ${verb.offset}`,
      );
  }
}

function convertFor(verb: Verb, arg: Value, to: 't' | 'n' | 's'): Value {
  try {
    return convert(arg, to === 't' ? BoolType : to === 'n' ? NumberType : StringType);
  } catch (e) {
    if (e instanceof ConversionError) {
      throw new FunctionError(`unsupported value for ${goQuote(verb.raw)} at ${verb.offset}: ${e.message}`);
    }
    throw e;
  }
}

function formatAsIs(verb: Verb, arg: Value): string {
  if (!verb.sharp && !arg.isNull()) {
    if (arg.type.kind === 'string') return padWidth(verb, arg.asString());
    if (arg.type.kind === 'number') return padWidth(verb, floatText(arg.asNumber(), 'g', -1));
  }
  let json: string;
  try {
    json = toJSONValue(arg);
  } catch (e) {
    throw new FunctionError(
      `unsupported value for ${goQuote(verb.raw)} at ${verb.offset}: ${(e as Error).message}`,
    );
  }
  return padWidth(verb, json);
}

function formatString(verb: Verb, s: string): string {
  // Precision counts characters (grapheme clusters) of the input, not of the output.
  if (verb.prec > 0) s = graphemes(s).slice(0, verb.prec).join('');
  return padWidth(verb, verb.mode === 'q' ? goJSONString(s) : s);
}

/** cty's own padding (not Go's): measured in grapheme clusters; "0" pads with zeros on either side. */
function padWidth(verb: Verb, s: string): string {
  if (verb.width < 0) return s;
  const have = graphemes(s).length;
  if (have >= verb.width) return s;
  const pad = (verb.zero ? '0' : ' ').repeat(verb.width - have);
  return verb.minus ? s + pad : pad + s;
}
