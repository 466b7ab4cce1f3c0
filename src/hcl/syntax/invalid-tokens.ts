import type { Diagnostic } from '../diagnostics';
import { errorDiag } from '../diagnostics';
import type { Token } from './token';

/**
 * Token lists the scanner produced without any token this module reports, so that parsing them
 * need not walk every token again. Weak, so a list is forgotten with its tokens.
 */
const clean = new WeakSet<readonly Token[]>();

/** Called by the scanner for a token list with no Invalid, BadUTF8 or QuotedNewline token. */
export function markLexicallyClean(tokens: readonly Token[]): void {
  clean.add(tokens);
}

/**
 * Lexical diagnostics reported before parsing, with hclsyntax's wording: characters that HCL never
 * accepts (with hints for likely intentions), bad encoding and newlines inside quoted strings.
 * Some kinds are reported only once (or every other occurrence, for paired quotes) to limit noise.
 */
export function checkInvalidTokens(tokens: readonly Token[]): Diagnostic[] {
  const diags: Diagnostic[] = [];
  if (clean.has(tokens)) return diags;
  let toldBitwise = 0;
  let toldBacktick = 0;
  let toldApostrophe = 0;
  let toldSemicolon = 0;
  let toldBadUTF8 = 0;
  for (const tok of tokens) {
    switch (tok.type) {
      case 'BadUTF8':
        if (toldBadUTF8++ < 1) {
          diags.push(
            errorDiag(
              'Invalid character encoding',
              'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.',
              tok.range,
            ),
          );
        }
        break;
      case 'QuotedNewline':
        diags.push(
          errorDiag(
            'Invalid multi-line string',
            'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.',
            tok.range,
          ),
        );
        break;
      case 'Invalid':
        switch (tok.text) {
          case '&':
          case '|':
          case '^':
          case '~':
            if (toldBitwise < 4) {
              const hint =
                tok.text === '&'
                  ? ' Did you mean boolean AND ("&&")?'
                  : tok.text === '|'
                    ? ' Did you mean boolean OR ("||")?'
                    : tok.text === '~'
                      ? ' Did you mean boolean NOT ("!")?'
                      : '';
              diags.push(
                errorDiag('Unsupported operator', `Bitwise operators are not supported.${hint}`, tok.range),
              );
              toldBitwise++;
            }
            break;
          case '`':
            if (toldBacktick % 2 === 0) {
              diags.push(
                errorDiag(
                  'Invalid character',
                  'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".',
                  tok.range,
                ),
              );
            }
            if (toldBacktick <= 2) toldBacktick++;
            break;
          case "'":
            if (toldApostrophe % 2 === 0) {
              diags.push(
                errorDiag(
                  'Invalid character',
                  'Single quotes are not valid. Use double quotes (") to enclose strings.',
                  tok.range,
                ),
              );
            }
            if (toldApostrophe <= 2) toldApostrophe++;
            break;
          case ';':
            if (toldSemicolon++ < 1) {
              diags.push(
                errorDiag(
                  'Invalid character',
                  'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.',
                  tok.range,
                ),
              );
            }
            break;
          case '\u201c':
          case '\u201d':
            diags.push(
              errorDiag(
                'Invalid character',
                '"Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".',
                tok.range,
              ),
            );
            break;
          default:
            diags.push(
              errorDiag('Invalid character', 'This character is not used within the language.', tok.range),
            );
        }
        break;
      default:
        break;
    }
  }
  return diags;
}
