import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';

import { loadTemplate, prepareBuilds } from '../../src/template/load';
import { builtinComponents } from './helpers';
import { fixturePath } from '../support/fixtures';

/**
 * Whatever a template contains, loading and validating it yields diagnostics, never an exception,
 * and every diagnostic points inside the file it names.
 */

const corpus = fixturePath('corpus');
const sources = [
  'aws-multi-file/build.pkr.hcl',
  'aws-multi-file/sources.pkr.hcl',
  'docker-pipeline/docker.pkr.hcl',
  'dynamic-blocks/main.pkr.hcl',
  'null-ssh/main.pkr.hcl',
].map((f) => fs.readFileSync(path.join(corpus, f), 'utf8').split('\n'));

type Mutation = (lines: string[], i: number) => string[];
const mutations: Mutation[] = [
  (l, i) => l.filter((_, j) => j !== i), // delete a line
  (l, i) => [...l.slice(0, i + 1), l[i], ...l.slice(i + 1)], // duplicate a line
  (l, i) => l.map((x, j) => (j === i ? x.replace(/"[^"]*"/, '42') : x)), // a string becomes a number
  (l, i) => l.map((x, j) => (j === i ? x.replace(/\b(\w+)(\s*=)/, '$1x$2') : x)), // rename an argument
  (l, i) => l.map((x, j) => (j === i ? x.replace(/\[.*\]/, '{}') : x)), // a list becomes an object
  (l, i) => l.map((x, j) => (j === i ? x.replace(/"([^"]*)"/, '"{{$1"') : x)), // break a template
  (l, i) => (i + 1 < l.length ? [...l.slice(0, i), l[i + 1], l[i], ...l.slice(i + 2)] : l), // swap lines
];

describe('validate on mutated templates', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-validate-fuzz-'));
  const components = builtinComponents();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('never throws and keeps every range inside its file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: mutations.length - 1 }), fc.nat()), {
          minLength: 1,
          maxLength: 4,
        }),
        async (which, steps) => {
          let lines = sources[which];
          for (const [m, at] of steps) lines = mutations[m](lines, at % Math.max(lines.length, 1));
          const text = lines.join('\n');
          fs.writeFileSync(path.join(dir, 't.pkr.hcl'), text);
          const loaded = await loadTemplate({
            path: '.',
            cwd: dir,
            env: {},
            vars: [],
            varFiles: [],
            ...components,
          });
          const diags = [...loaded.template.diagnostics, ...loaded.template.initDiagnostics];
          if (!diags.some((d) => d.severity === 'error'))
            diags.push(
              ...prepareBuilds(loaded, { only: [], except: [], registry: components.registry }).diagnostics,
            );
          for (const d of diags) {
            expect(d.summary).not.toBe('');
            if (d.subject && d.subject.filename === 't.pkr.hcl') {
              expect(d.subject.start.byte).toBeGreaterThanOrEqual(0);
              expect(d.subject.end.byte).toBeLessThanOrEqual(Buffer.byteLength(text));
              expect(d.subject.start.byte).toBeLessThanOrEqual(d.subject.end.byte);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
