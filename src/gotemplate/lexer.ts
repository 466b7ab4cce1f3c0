import { goQuote } from '../text/go-quote';

/**
 * The scanner of Go's text/template, as Packer runs it: `{{` `}}` delimiters, `{{-`/`-}}` trim
 * markers, `{{/* comments *\/}}`. It yields the same items, in the same order and with the same
 * error wording, as Go's lexer, because the parser's messages ("unexpected ... in operand", "unclosed
 * action") name them. Positions are UTF-16 indexes into the text; messages convert them to Go's byte
 * columns.
 */

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  readonly type: ItemType;
  /** Index of the item's first character in the template text. */
  readonly pos: number;
  readonly val: string;
  /** 1-based line of the item's start. */
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);

export function isKeyword(t: ItemType): boolean {
  return (
    t === 'block' ||
    t === 'break' ||
    t === 'continue' ||
    t === 'dot' ||
    t === 'define' ||
    t === 'else' ||
    t === 'end' ||
    t === 'if' ||
    t === 'nil' ||
    t === 'range' ||
    t === 'template' ||
    t === 'with'
  );
}

const LEFT = '{{';
const RIGHT = '}}';
const SPACE = ' \t\r\n';

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** unicode.IsLetter || unicode.IsDigit || '_' */
function isAlphaNumeric(ch: string | undefined): boolean {
  return ch !== undefined && (ch === '_' || /^[\p{L}\p{Nd}]$/u.test(ch));
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === '-' && isSpace(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return isSpace(s[at]) && s[at + 1] === '-';
}

/** Go's %#U: `U+0021 '!'`. */
function goRuneDescription(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}

/** Scans the whole text; the last item is `eof` or `error`. */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  let newlinesBefore = 0; // newlines in input[0, countedTo)
  let countedTo = 0;

  const lineAt = (p: number): number => {
    if (p < countedTo) {
      newlinesBefore = 0;
      countedTo = 0;
    }
    for (let i = countedTo; i < p; i++) if (input.charCodeAt(i) === 10) newlinesBefore++;
    countedTo = p;
    return newlinesBefore + 1;
  };
  const emit = (type: ItemType): void => {
    items.push({ type, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const fail = (message: string): false => {
    items.push({ type: 'error', pos: start, val: message, line: lineAt(start) });
    return false;
  };
  /** Reads one code point; undefined at the end. */
  const next = (): string | undefined => {
    if (pos >= input.length) return undefined;
    const ch = String.fromCodePoint(input.codePointAt(pos) as number);
    pos += ch.length;
    return ch;
  };
  const peek = (): string | undefined =>
    pos >= input.length ? undefined : String.fromCodePoint(input.codePointAt(pos) as number);
  const accept = (valid: string): boolean => {
    const ch = peek();
    if (ch !== undefined && valid.includes(ch)) {
      pos += ch.length;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (accept(valid));
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + 2))
      return { delim: true, trim: true };
    return { delim: input.startsWith(RIGHT, pos), trim: false };
  };
  const atTerminator = (): boolean => {
    const ch = peek();
    if (ch === undefined || isSpace(ch)) return true;
    if ('.,|:)('.includes(ch)) return true;
    return input.startsWith(RIGHT, pos);
  };

  /** Text up to the next action; false when the scan is over. */
  const lexText = (): boolean => {
    const x = input.indexOf(LEFT, pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) emit('text');
      emit('eof');
      return false;
    }
    let end = x;
    if (hasLeftTrimMarker(input, x + LEFT.length)) {
      while (end > start && SPACE.includes(input[end - 1])) end--;
    }
    pos = end;
    if (pos > start) emit('text');
    pos = x;
    start = pos;
    return lexLeftDelim();
  };

  const lexLeftDelim = (): boolean => {
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(input, pos);
    const afterMarker = trim ? 2 : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      start = pos;
      return lexComment();
    }
    emit('leftDelim');
    pos += afterMarker;
    start = pos;
    parenDepth = 0;
    return lexInsideAction();
  };

  const lexComment = (): boolean => {
    pos += 2;
    const i = input.indexOf('*/', pos);
    if (i < 0) return fail('unclosed comment');
    pos = i + 2;
    const { delim, trim } = atRightDelim();
    if (!delim) return fail('comment ends before closing delimiter');
    if (trim) pos += 2;
    pos += RIGHT.length;
    if (trim) while (pos < input.length && SPACE.includes(input[pos])) pos++;
    start = pos;
    return true;
  };

  const lexRightDelim = (): boolean => {
    const trim = hasRightTrimMarker(input, pos);
    if (trim) {
      pos += 2;
      start = pos;
    }
    pos += RIGHT.length;
    emit('rightDelim');
    if (trim) {
      while (pos < input.length && SPACE.includes(input[pos])) pos++;
      start = pos;
    }
    return true;
  };

  /** Spaces inside an action; true when they turned out to end it (" -}}"). */
  const lexSpace = (): boolean => {
    let n = 0;
    while (isSpace(peek())) {
      pos++;
      n++;
    }
    // " -}}": the space before the trim marker belongs to the delimiter.
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos + 1)) {
      pos--;
      if (n === 1) return lexRightDelim();
    }
    emit('space');
    return false;
  };

  const lexIdentifier = (): boolean => {
    while (isAlphaNumeric(peek())) next();
    const word = input.slice(start, pos);
    if (!atTerminator()) return fail(`bad character ${goRuneDescription(peek() as string)}`);
    const keyword = KEYWORDS.get(word);
    if (keyword !== undefined && keyword !== 'dot') emit(keyword);
    else if (word[0] === '.') emit('field');
    else if (word === 'true' || word === 'false') emit('bool');
    else emit('identifier');
    return true;
  };

  const lexFieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    while (isAlphaNumeric(peek())) next();
    if (!atTerminator()) {
      const ch = peek();
      return fail(`bad character ${ch === undefined ? 'U+FFFFFFFF' : goRuneDescription(ch)}`);
    }
    emit(type);
    return true;
  };

  const lexQuoted = (quote: '"' | "'", type: ItemType, unterminated: string): boolean => {
    for (;;) {
      const ch = next();
      if (ch === '\\') {
        const r = next();
        if (r !== undefined && r !== '\n') continue;
        return fail(unterminated);
      }
      if (ch === undefined || ch === '\n') return fail(unterminated);
      if (ch === quote) break;
    }
    emit(type);
    return true;
  };

  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  const lexNumber = (): boolean => {
    if (!scanNumber()) return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
    const sign = peek();
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i')
        return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
      emit('complex');
    } else emit('number');
    return true;
  };

  /** One token inside an action; false when the scan is over. */
  const lexInsideAction = (): boolean => {
    for (;;) {
      if (atRightDelim().delim) {
        if (parenDepth === 0) return lexRightDelim();
        return fail('unclosed left paren');
      }
      const ch = next();
      let ok = true;
      if (ch === undefined) return fail('unclosed action');
      if (isSpace(ch)) {
        pos--;
        if (lexSpace()) return true;
      } else if (ch === '=') emit('assign');
      else if (ch === ':') {
        if (next() !== '=') return fail('expected :=');
        emit('declare');
      } else if (ch === '|') emit('pipe');
      else if (ch === '"') ok = lexQuoted('"', 'string', 'unterminated quoted string');
      else if (ch === '`') {
        const end = input.indexOf('`', pos);
        if (end < 0) {
          pos = input.length;
          return fail('unterminated raw quoted string');
        }
        pos = end + 1;
        emit('rawString');
      } else if (ch === '$') {
        ok = lexFieldOrVariable('variable');
      } else if (ch === "'") ok = lexQuoted("'", 'charConstant', 'unterminated character constant');
      else if (ch === '.' && pos < input.length && !(input[pos] >= '0' && input[pos] <= '9')) {
        ok = lexFieldOrVariable('field');
      } else if (ch === '.' || ch === '+' || ch === '-' || (ch >= '0' && ch <= '9')) {
        pos--;
        ok = lexNumber();
      } else if (isAlphaNumeric(ch)) {
        pos -= ch.length;
        ok = lexIdentifier();
      } else if (ch === '(') {
        emit('leftParen');
        parenDepth++;
      } else if (ch === ')') {
        emit('rightParen');
        parenDepth--;
        if (parenDepth < 0) return fail(`unexpected right paren ${goRuneDescription(ch)}`);
      } else if (ch.codePointAt(0)! < 0x7f && ch >= ' ') emit('char');
      else return fail(`unrecognized character in action: ${goRuneDescription(ch)}`);
      if (!ok) return false;
    }
  };

  while (lexText()) {
    // Each round scans one text run and the action after it.
  }
  return items;
}
