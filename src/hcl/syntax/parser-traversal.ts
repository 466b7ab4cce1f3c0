import type { Diagnostic } from '../diagnostics';
import { errorDiag, hasErrors } from '../diagnostics';
import type { Range } from '../pos';
import { rangeBetween } from '../pos';
import type { Traverser } from './ast';
import type { Peeker } from './peeker';
import { recover } from './peeker';
import { unescapeLiteral as unescapeQuoted } from './string-literal';

/**
 * Absolute traversals (`var.a.b[0]["k"]`) parsed on their own, as used for `-var` names and
 * similar references, plus quoted string literals that may not contain template sequences.
 */
export function parseTraversal(p: Peeker): [Traverser[], Diagnostic[]] {
  const ret: Traverser[] = [];
  const diags: Diagnostic[] = [];
  const varTok = p.read();
  if (varTok.type !== 'Ident') {
    diags.push(errorDiag('Variable name required', 'Must begin with a variable name.', varTok.range));
    return [ret, diags];
  }
  ret.push({ kind: 'root', name: varTok.text, range: varTok.range });

  for (;;) {
    const next = p.peek();
    if (next.type === 'EOF') return [ret, diags];
    if (next.type === 'Dot') {
      const dot = p.read();
      const nameTok = p.read();
      if (nameTok.type !== 'Ident') {
        diags.push(
          errorDiag(
            'Attribute name required',
            nameTok.type === 'Star'
              ? 'Splat expressions (.*) may not be used here.'
              : 'Dot must be followed by attribute name.',
            nameTok.range,
            rangeBetween(varTok.range, nameTok.range),
          ),
        );
        return [ret, diags];
      }
      ret.push({ kind: 'attr', name: nameTok.text, range: rangeBetween(dot.range, nameTok.range) });
      continue;
    }
    if (next.type === 'OBrack') {
      const open = p.read();
      const keyTok = p.peek();
      if (keyTok.type === 'NumberLit' || keyTok.type === 'OQuote') {
        let step: Traverser;
        if (keyTok.type === 'NumberLit') {
          p.read();
          if (!/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(keyTok.text)) {
            diags.push(
              errorDiag(
                'Invalid number literal',
                'Failed to recognize the value of this number literal.',
                keyTok.range,
              ),
            );
          }
          const valid = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(keyTok.text);
          step = {
            kind: 'index',
            key: { type: 'number', value: valid ? keyTok.text : '0' },
            range: open.range,
          };
        } else {
          const [str] = parseQuotedStringLiteral(p, diags);
          step = { kind: 'index', key: { type: 'string', value: str }, range: open.range };
        }
        const close = p.read();
        if (close.type !== 'CBrack') {
          diags.push(
            errorDiag(
              'Unclosed index brackets',
              'Index key must be followed by a closing bracket.',
              close.range,
              rangeBetween(open.range, close.range),
            ),
          );
        }
        ret.push({ ...step, range: rangeBetween(open.range, close.range) });
        if (hasErrors(diags)) return [ret, diags];
        continue;
      }
      diags.push(
        keyTok.type === 'Star'
          ? errorDiag(
              'Attribute name required',
              'Splat expressions ([*]) may not be used here.',
              keyTok.range,
              rangeBetween(varTok.range, keyTok.range),
            )
          : errorDiag(
              'Index value required',
              'Index brackets must contain either a literal number or a literal string.',
              keyTok.range,
              rangeBetween(varTok.range, keyTok.range),
            ),
      );
      return [ret, diags];
    }
    diags.push(
      errorDiag(
        'Invalid character',
        'Expected an attribute access or an index operator.',
        next.range,
        rangeBetween(varTok.range, next.range),
      ),
    );
    return [ret, diags];
  }
}

/**
 * A block label or traversal key: a quoted string with no template sequences. Problems are
 * appended to `diags`.
 */
export function parseQuotedStringLiteral(p: Peeker, diags: Diagnostic[]): [string, Range] {
  const oQuote = p.read();
  if (oQuote.type !== 'OQuote') {
    diags.push(errorDiag('Invalid string literal', 'A quoted string is required here.', oQuote.range));
    return ['', oQuote.range];
  }
  let value = '';
  let endRange: Range;
  for (;;) {
    const tok = p.read();
    if (tok.type === 'CQuote') {
      endRange = tok.range;
      break;
    }
    if (tok.type === 'QuotedLit') {
      value += unescapeQuoted(tok, diags);
      continue;
    }
    if (tok.type === 'TemplateControl' || tok.type === 'TemplateInterp') {
      const which = tok.type === 'TemplateControl' ? '%' : '$';
      diags.push(
        errorDiag(
          'Invalid string literal',
          `Template sequences are not allowed in this string. To include a literal ${JSON.stringify(which)}, double it (as "${which}${which}") to escape it.`,
          tok.range,
          rangeBetween(oQuote.range, tok.range),
        ),
      );
      value += `${which}{ ... }`;
      recover(p, 'TemplateSeqEnd');
      continue;
    }
    if (tok.type === 'EOF') {
      diags.push(
        errorDiag(
          'Unterminated string literal',
          'Unable to find the closing quote mark before the end of the file.',
          tok.range,
          rangeBetween(oQuote.range, tok.range),
        ),
      );
      endRange = tok.range;
      break;
    }
    diags.push(
      errorDiag(
        'Invalid string literal',
        'This item is not valid in a string literal.',
        tok.range,
        rangeBetween(oQuote.range, tok.range),
      ),
    );
    recover(p, 'CQuote');
    endRange = tok.range;
    break;
  }
  return [value, rangeBetween(oQuote.range, endRange)];
}
