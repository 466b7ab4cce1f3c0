import type { Range } from '../pos';

/**
 * Token types of the HCL native syntax. The set mirrors the HCL specification's lexical elements;
 * comments and newlines are tokens too, because the formatter works from the token stream.
 */
export type TokenType =
  | 'OBrace' // {
  | 'CBrace' // }
  | 'OBrack' // [
  | 'CBrack' // ]
  | 'OParen' // (
  | 'CParen' // )
  | 'OQuote' // opening "
  | 'CQuote' // closing "
  | 'OHeredoc' // <<EOT or <<-EOT, including the newline that ends the introducer
  | 'CHeredoc' // the closing marker line
  | 'Star' // *
  | 'Slash' // /
  | 'Plus' // +
  | 'Minus' // -
  | 'Percent' // %
  | 'Equal' // =
  | 'EqualOp' // ==
  | 'NotEqual' // !=
  | 'LessThan' // <
  | 'LessThanEq' // <=
  | 'GreaterThan' // >
  | 'GreaterThanEq' // >=
  | 'And' // &&
  | 'Or' // ||
  | 'Bang' // !
  | 'Dot' // .
  | 'Comma' // ,
  | 'Ellipsis' // ...
  | 'FatArrow' // =>
  | 'Question' // ?
  | 'Colon' // :
  | 'TemplateInterp' // ${ or ${~
  | 'TemplateControl' // %{ or %{~
  | 'TemplateSeqEnd' // } or ~} closing an interpolation or directive
  | 'QuotedLit' // literal text inside a quoted string (escapes not yet processed)
  | 'StringLit' // literal text inside a heredoc (or bare template), escapes not processed
  | 'NumberLit'
  | 'Ident'
  | 'Comment' // # ..., // ... (including the trailing newline) or /* ... */
  | 'Newline'
  | 'EOF'
  | 'Invalid' // a character that can never start a token (e.g. `&`, `|`, `;` alone)
  | 'BadUTF8'
  | 'QuotedNewline' // a newline inside a quoted string: always an error
  | 'Tabs'; // tab characters used for indentation: an error in HCL native syntax

export interface Token {
  readonly type: TokenType;
  /** The exact source text of the token. */
  readonly text: string;
  readonly range: Range;
}
