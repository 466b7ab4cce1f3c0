import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kiln } from '../support/kiln';

/**
 * Input nested more deeply than the JavaScript stack allows is the user's input, not a Kiln bug:
 * every language reports it as a diagnostic with a position (issue 20), never an internal error.
 */
const cases: [string, string, string, string][] = [
  [
    '10,000 nested parentheses',
    'a.pkr.hcl',
    `locals { x = ${'('.repeat(10_000)}1${')'.repeat(10_000)} }\n`,
    'Nesting too deep',
  ],
  ['10,000 chained 1+ terms', 'a.pkr.hcl', `locals { x = ${'1+'.repeat(10_000)}1 }\n`, 'Nesting too deep'],
  [
    '10,000-deep lists',
    'a.pkr.hcl',
    `locals { x = ${'['.repeat(10_000)}1${']'.repeat(10_000)} }\n`,
    'Nesting too deep',
  ],
  [
    '10,000-deep objects',
    'a.pkr.hcl',
    `locals { x = ${'{a='.repeat(10_000)}1${'}'.repeat(10_000)} }\n`,
    'Nesting too deep',
  ],
  ['10,000-deep blocks', 'a.pkr.hcl', `${'a {\n'.repeat(10_000)}${'}\n'.repeat(10_000)}`, 'Nesting too deep'],
  [
    '10,000 nested %{ if }',
    'a.pkr.hcl',
    `locals { x = "${'%{ if true }'.repeat(10_000)}a${'%{ endif }'.repeat(10_000)}" }\n`,
    'Nesting too deep',
  ],
  [
    '10,000-deep .pkr.json',
    'a.pkr.json',
    `{"locals": {"x": ${'['.repeat(10_000)}1${']'.repeat(10_000)}}}`,
    'Nesting too deep',
  ],
  [
    'legacy JSON 10,000 deep',
    'a.json',
    `{"variables": {"x": ${'['.repeat(10_000)}1${']'.repeat(10_000)}}, "builders": [{"type": "null", "communicator": "none"}]}`,
    'Nesting too deep',
  ],
  [
    '10,000 nested {{if}}',
    'a.json',
    `{"variables": {"x": "${'{{if true}}'.repeat(10_000)}a${'{{end}}'.repeat(10_000)}"}, "builders": [{"type": "null", "communicator": "none"}]}`,
    'nesting too deep',
  ],
  [
    'jsondecode 10,000 deep',
    'a.pkr.hcl',
    `locals { x = jsondecode("${'['.repeat(10_000)}1${']'.repeat(10_000)}") }\n`,
    'Call to function "jsondecode" failed',
  ],
  [
    'yamldecode 10,000 deep',
    'a.pkr.hcl',
    `locals { x = yamldecode("${'['.repeat(10_000)}1${']'.repeat(10_000)}") }\n`,
    'Call to function "yamldecode" failed',
  ],
  [
    'a self-referencing YAML anchor',
    'a.pkr.hcl',
    'locals { x = yamldecode("&a [*a]") }\n',
    'Call to function "yamldecode" failed',
  ],
];

describe('deeply nested input', () => {
  jest.setTimeout(60_000);
  it.each(cases)('%s is a diagnostic', async (_name, file, text, expected) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-deep-'));
    try {
      fs.writeFileSync(path.join(dir, file), text);
      const r = await kiln(['validate', file], dir);
      const printed = r.out + r.err;
      expect(r.code).toBe(1);
      expect(printed).toContain(expected);
      // A position: the file and line the diagnostic points at.
      expect(printed).toMatch(new RegExp(`on ${file.replace('.', '\\.')} line \\d+`));
      expect(printed).not.toContain('Maximum call stack');
      expect(printed).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
