import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

import { builtinRuntimes } from '../../src/components/runtime-catalog';
import { kiln } from '../support/kiln';
import { tempTemplate } from '../support/temp';

/**
 * The workflows in README.md and docs/action.md are meant to be copied into a user's repository as
 * they stand: they must parse, name no action repository that does not exist, point at no template that
 * only Kiln's own repository has, pass outputs to scripts through env: (never `${{ }}` inside `run:`),
 * say so when they need a builder Kiln cannot run yet, and the template given in full must be valid.
 */

const root = path.join(__dirname, '..', '..');
const NOT_YET = '# Not runnable yet: amazon-ebs builds arrive in a later Kiln release';

interface Block {
  readonly doc: string;
  readonly lang: string;
  readonly text: string;
}

function blocks(doc: string): Block[] {
  const text = fs.readFileSync(path.join(root, doc), 'utf8');
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ doc, lang: m[1], text: m[2] }));
}

const all = [...blocks('README.md'), ...blocks('docs/action.md')];
const workflows = all.filter((b) => b.lang === 'yaml');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}

function steps(value: unknown): Step[] {
  if (Array.isArray(value)) return value.flatMap(steps);
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const own = 'uses' in o || 'run' in o ? [o as Step] : [];
  return [...own, ...Object.values(o).flatMap(steps)];
}

describe('the documented workflows', () => {
  it('are there to check', () => {
    expect(workflows.length).toBeGreaterThanOrEqual(6);
  });

  it.each(workflows.map((b, i) => [`${b.doc} #${i + 1}`, b] as const))(
    '%s parses and can be copied',
    (_, b) => {
      const s = steps(parse(b.text));
      expect(s.length).toBeGreaterThan(0);
      for (const step of s) {
        // An expression pasted into a script is a script-injection hole (GitHub's hardening guide).
        if (step.run !== undefined) expect(step.run).not.toContain('${{');
        expect(step.uses ?? '').not.toMatch(/^kiln-build\//);
        expect(step.with?.template ?? '').not.toMatch(/^\.?\/?examples\//);
      }
    },
  );

  it('mark the ones that need amazon-ebs builds, for as long as Kiln cannot run them', () => {
    const amazon = workflows.filter((b) => /aws-actions|amazon-ebs|ami-ids/.test(b.text));
    expect(amazon.length).toBeGreaterThanOrEqual(3);
    const runnable = builtinRuntimes().builder('amazon-ebs') !== undefined;
    for (const b of amazon) expect(b.text.startsWith(NOT_YET)).toBe(!runnable);
  });

  it('build a template that is given in full, formatted and valid', async () => {
    const hcl = blocks('docs/action.md').filter((b) => b.lang === 'hcl');
    expect(hcl).toHaveLength(1);
    const docker = workflows.find((b) => b.text.includes('docker run --rm my-app'));
    expect(docker).toBeDefined();
    const template = steps(parse(docker?.text ?? '')).find((s) => s.with?.template)?.with?.template;
    expect(template).toBe('images/app');
    const dir = tempTemplate({ 'images/app/app.pkr.hcl': hcl[0].text });
    expect(await kiln(['fmt', '-check', 'images/app'], dir)).toMatchObject({ code: 0 });
    expect(await kiln(['validate', 'images/app'], dir)).toEqual({
      code: 0,
      out: 'The configuration is valid.\n',
      err: '',
    });
  });
});
