import { errorDiag } from '../../src/hcl/diagnostics';
import { renderDiagnostics } from '../../src/hcl/render';
import { GROWTH_BOUND, growthRatio } from '../support/scaling';

/**
 * Rendering grows linearly with the number of diagnostics: a template with an error on each of its
 * thousands of lines (one undefined variable used everywhere) printed its diagnostics in time
 * proportional to lines × diagnostics, each snippet found by scanning the file from its first line
 * (a 15,000-line template with 20,000 errors took 29 s to validate, 3 s now).
 */
describe('renderDiagnostics', () => {
  it('finds each snippet in time independent of where it is in the file', () => {
    const chunk = 'name = "value"\n';
    const ratio = growthRatio(chunk, 300, (src) => {
      const diags = [];
      for (let at = 0; at < src.length; at += chunk.length) {
        diags.push(
          errorDiag('Unsupported argument', 'An argument named "name" is not expected here.', {
            filename: 'big.pkr.hcl',
            start: { line: at / chunk.length + 1, column: 1, byte: at },
            end: { line: at / chunk.length + 1, column: 5, byte: at + 4 },
          }),
        );
      }
      renderDiagnostics(diags, new Map([['big.pkr.hcl', { src }]]));
    });
    expect(ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('shows the right line of a long file, the last one too', () => {
    const src = Array.from({ length: 5000 }, (_, i) => `line_${i} = ${i}`).join('\n');
    const at = src.indexOf('line_4999');
    const text = renderDiagnostics(
      [
        errorDiag('Bad', '', {
          filename: 'f.pkr.hcl',
          start: { line: 5000, column: 1, byte: at },
          end: { line: 5000, column: 10, byte: at + 9 },
        }),
      ],
      new Map([['f.pkr.hcl', { src }]]),
    );
    expect(text).toContain('5000: line_4999 = 4999\n');
    expect(text).toContain('      ^^^^^^^^^\n');
  });
});
