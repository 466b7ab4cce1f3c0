import * as fc from 'fast-check';

import { formatHCL } from '../../../src/hcl/format/format';
import { fmtInputs } from '../../support/fixtures';
import { HCL_DELIMITERS } from '../../support/fuzz/fragments';

const corpus = fmtInputs();

// Fragments that stress the formatter when spliced into otherwise valid files: unbalanced brackets,
// stray template sequences, unterminated strings and heredocs, odd whitespace and non-ASCII text.
const FRAGMENTS = [
  ...HCL_DELIMITERS,
  '<<-X\n',
  '#',
  '//',
  '/*',
  '*/',
  '=',
  '==',
  '!',
  '-',
  '...',
  '=>',
  '?',
  ':',
  ',',
  '.',
  '*',
  '\n',
  '\r\n',
  '\t',
  '   ',
  'é',
  '日本',
  '\ud83d\ude00',
  'in',
  'for',
  'x',
  '1.5e3',
  '&',
  '|',
  ';',
  '\\',
  '$',
  '%',
  '\r',
  '\ufeff',
];

describe('formatHCL robustness', () => {
  it('never throws and only changes spaces, for random token mutations of the corpus', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: corpus.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...FRAGMENTS), fc.nat({ max: 3 })), { maxLength: 6 }),
        (which, edits) => {
          let src = corpus[which];
          for (const [at, frag, cut] of edits) {
            const i = src.length === 0 ? 0 : at % (src.length + 1);
            src = src.slice(0, i) + frag + src.slice(i + cut);
          }
          const out = formatHCL(src);
          // Formatting may add or remove spaces, and drops the byte order mark the file starts with
          // (only that one: another is an invalid character, kept), but changes nothing else.
          const strip = (s: string): string => s.replace(/[ \t]/g, '');
          expect(strip(out)).toBe(strip(src.replace(/^\ufeff/, '')));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(typeof formatHCL(s)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
