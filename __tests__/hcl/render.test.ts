import { errorDiag, warningDiag } from '../../src/hcl/diagnostics';
import type { Pos, Range } from '../../src/hcl/pos';
import { diagnosticsToJSON, renderDiagnostics, wrapText } from '../../src/hcl/render';

const src = 'source "null" "x" {\n  communicator = "none"\n  foo = "bar"\n}\n';

function pos(line: number, column: number): Pos {
  const lines = src.split('\n');
  let byte = 0;
  for (let i = 0; i < line - 1; i++) byte += lines[i].length + 1;
  return { line, column, byte: byte + column - 1 };
}
function range(l1: number, c1: number, l2: number, c2: number): Range {
  return { filename: 't.pkr.hcl', start: pos(l1, c1), end: pos(l2, c2) };
}
const files = new Map([['t.pkr.hcl', { src, contextAt: () => 'source "null" "x"' }]]);

describe('renderDiagnostics', () => {
  it('prints summary, location with block context, the source line with carets, and the detail', () => {
    const d = errorDiag(
      'Unsupported argument',
      'An argument named "foo" is not expected here.',
      range(3, 3, 3, 6),
    );
    expect(renderDiagnostics([d], files)).toBe(
      'Error: Unsupported argument\n\n' +
        '  on t.pkr.hcl line 3, in source "null" "x":\n' +
        '   3:   foo = "bar"\n' +
        '        ^^^\n\n' +
        'An argument named "foo" is not expected here.\n\n',
    );
  });

  it('marks an empty range with a single caret and labels warnings', () => {
    const d = warningDiag('Missing thing', '', range(4, 1, 4, 1));
    expect(renderDiagnostics([d], files)).toBe(
      'Warning: Missing thing\n\n  on t.pkr.hcl line 4, in source "null" "x":\n   4: }\n      ^\n\n',
    );
  });

  it('says when the source is not available and omits the snippet without a subject', () => {
    const d = errorDiag('Oops', 'Detail.', { filename: 'other.hcl', start: pos(1, 1), end: pos(1, 2) });
    expect(renderDiagnostics([d, errorDiag('Plain', 'No place.')], files)).toBe(
      'Error: Oops\n\n  on other.hcl line 1:\n  (source code not available)\n\nDetail.\n\n' +
        'Error: Plain\n\nNo place.\n\n',
    );
  });

  it('underlines with ANSI codes in colour mode', () => {
    const d = errorDiag('Bad', '', range(2, 3, 2, 15));
    const out = renderDiagnostics([d], files, { color: true });
    expect(out).toContain('\x1b[4mcommunicator\x1b[0m');
    expect(out).not.toContain('^');
  });

  it('wraps details at 80 columns, keeping explicit newlines', () => {
    const long = 'word '.repeat(30).trim();
    const wrapped = wrapText(`${long}\nnext`, 80);
    for (const line of wrapped.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(wrapped.endsWith('\nnext')).toBe(true);
  });

  it('has a structured JSON form', () => {
    const d = errorDiag('Bad', 'Why.', range(3, 3, 3, 6));
    expect(diagnosticsToJSON([d])).toEqual([
      {
        severity: 'error',
        summary: 'Bad',
        detail: 'Why.',
        range: {
          filename: 't.pkr.hcl',
          start: { line: 3, column: 3, byte: 46 },
          end: { line: 3, column: 6, byte: 49 },
        },
      },
    ]);
  });
});
