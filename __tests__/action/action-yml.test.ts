import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

import { readInputs } from '../../src/action/inputs';
import { actionOutputs } from '../../src/action/outputs';

/** action.yml declares exactly the inputs the action reads and the outputs it sets. */
const spec = parse(fs.readFileSync(path.join(__dirname, '..', '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: Record<string, string>;
};

describe('action.yml', () => {
  it('declares every input the action reads, with defaults that read as the documented ones', () => {
    const read: string[] = [];
    const fromYaml = readInputs((name) => {
      read.push(name);
      return spec.inputs[name]?.default ?? '';
    });
    expect(Object.keys(spec.inputs).sort()).toEqual([...new Set(read)].sort());
    // Only github-token's default is an expression the runner fills in (the job's token).
    expect(fromYaml).toEqual({ ...readInputs(() => ''), githubToken: '${{ github.token }}' });
    for (const input of Object.values(spec.inputs)) expect(input.description.length).toBeGreaterThan(10);
  });

  it('declares every output the action sets', () => {
    const outputs = actionOutputs({ diagnostics: [], exitCode: 0 });
    expect(Object.keys(spec.outputs).sort()).toEqual(Object.keys(outputs).sort());
  });

  it('runs on node24 with a post step that always runs', () => {
    expect(spec.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()',
    });
  });

  it('is run on itself by ci.yml, on templates that exist, including a negative case', () => {
    const root = path.join(__dirname, '..', '..');
    const ci = parse(fs.readFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { uses?: string; id?: string; with?: Record<string, string> }[] }>;
    };
    const own = Object.values(ci.jobs).flatMap((j) => j.steps.filter((s) => s.uses === './'));
    expect(own.length).toBeGreaterThanOrEqual(4);
    for (const step of own) expect(fs.existsSync(path.join(root, step.with?.template ?? '.'))).toBe(true);
    expect(own.map((s) => s.with?.command ?? 'build')).toEqual(
      expect.arrayContaining(['build', 'validate', 'fmt']),
    );
    expect(own.find((s) => s.id === 'broken')?.with?.template).toBe('__tests__/fixtures/action/broken');
    parse(fs.readFileSync(path.join(root, '.github', 'workflows', 'check-dist.yml'), 'utf8'));
  });
});
