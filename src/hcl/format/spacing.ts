import type { TokenType } from '../syntax/token';

/**
 * The spacing rules `packer fmt` (hclwrite's formatter) applies between two neighbouring tokens on
 * one line. Only the token types matter, plus the text of an identifier for the `in` keyword.
 */

/**
 * Token types as the formatter sees them: the scanner's, plus `DoubleColon` for the `::` of
 * namespaced function names (`provider::aws::arn_parse`), which the shared scanner leaves as two
 * colons, and `Nil` for "no token" at the start of a line.
 */
export type LayoutTokenType = TokenType | 'DoubleColon' | 'Nil';

export interface SpacingToken {
  readonly type: LayoutTokenType;
  readonly text: string;
}

export const NIL_TOKEN: SpacingToken = { type: 'Nil', text: '' };

/**
 * +1 for tokens that open a nesting level, -1 for those that close one. Template introducers count
 * as openers because their closing `}` (TemplateSeqEnd) counts as a closer.
 */
export function bracketChange(type: LayoutTokenType): number {
  switch (type) {
    case 'OBrace':
    case 'OBrack':
    case 'OParen':
    case 'TemplateControl':
    case 'TemplateInterp':
      return 1;
    case 'CBrace':
    case 'CBrack':
    case 'CParen':
    case 'TemplateSeqEnd':
      return -1;
    default:
      return 0;
  }
}

/**
 * Token types after which a `-` is a negation rather than a subtraction: anything that cannot end
 * an operand. The formatter only sees tokens, so this is the same guess hclwrite makes.
 */
const NEGATION_CONTEXT: ReadonlySet<LayoutTokenType> = new Set<LayoutTokenType>([
  'Nil',
  'OParen',
  'OBrace',
  'OBrack',
  'Equal',
  'Colon',
  'Comma',
  'Question',
  'Plus',
  'Star',
  'Slash',
  'Percent',
  'Minus',
  'EqualOp',
  'NotEqual',
  'GreaterThan',
  'GreaterThanEq',
  'LessThan',
  'LessThanEq',
  'And',
  'Or',
  'Bang',
]);

function isTemplateText(type: LayoutTokenType): boolean {
  return type === 'QuotedLit' || type === 'StringLit';
}

/**
 * Whether `subject` should be followed by one space (true) or none (false) when `after` comes next
 * on the same line. `before` is the token preceding `subject`, or NIL_TOKEN at the start of a line.
 * The order of the checks matters: earlier rules win, exactly as in hclwrite.
 */
export function spaceAfter(subject: SpacingToken, before: SpacingToken, after: SpacingToken): boolean {
  const s = subject.type;
  const a = after.type;

  if (a === 'Newline' || a === 'Nil') return false;
  // Function calls keep the name against the parenthesis.
  if (s === 'Ident' && a === 'OParen') return false;
  // Namespaced function names stay in one piece.
  if ((s === 'Ident' && a === 'DoubleColon') || (s === 'DoubleColon' && a === 'Ident')) return false;
  // Attribute access.
  if (s === 'Dot' || a === 'Dot') return false;
  if (a === 'Comma' || a === 'Ellipsis') return false;
  if (s === 'Comma') return true;
  // Template literal text is never padded: the spaces would become part of the string.
  if (isTemplateText(s) || s === 'OQuote' || s === 'OHeredoc') return false;
  if (isTemplateText(a) || a === 'CQuote' || a === 'CHeredoc') return false;
  // `[for x in [a, b]: x]`: `in` is a keyword here, not a variable being indexed.
  if (s === 'Ident' && subject.text === 'in' && before.type === 'Ident') return true;
  // Indexing: `foo[0]`, `list()[0]`, `x.y[0]`.
  if (a === 'OBrack' && (s === 'Ident' || s === 'NumberLit' || bracketChange(s) < 0)) return false;
  // Logical not binds tightly. (Packer 1.6.6's older hclwrite wrote `! x`; current hclwrite writes `!x`.)
  if (s === 'Bang') return false;
  if (s === 'Minus') return !NEGATION_CONTEXT.has(before.type);
  // Braces are padded inside (`{ a = 1 }`) except when empty (`{}`).
  if (s === 'OBrace' || a === 'CBrace') return !(s === 'OBrace' && a === 'CBrace');
  // `${ {a = 1} }`: keep an object constructor visibly apart from the template delimiters.
  if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace') return true;
  if (s === 'CBrace' && a === 'TemplateSeqEnd') return true;
  // Adjacent template sequences: `${a}${b}`, `%{if x}${y}`.
  if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl')) return false;
  if (bracketChange(s) > 0) return false;
  if (bracketChange(a) < 0) return false;
  return true;
}
