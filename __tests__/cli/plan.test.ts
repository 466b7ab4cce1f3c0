import * as fs from 'fs';
import * as path from 'path';

import { escapeOnlyPattern, MATRIX_JOB_LIMIT, type PlanDocument } from '../../src/cli/plan-matrix';
import { compileBuildGlob } from '../../src/template/build-filter';
import { kiln } from '../support/kiln';
import { tempTemplate } from '../support/temp';

/** `kiln plan`: the builds a template would run and the job matrix, without running anything. */

const TEMPLATE = `
variable "target" {
  type    = string
  default = "out/a.txt"
}
source "file" "a" {
  content = "x"
  target  = var.target
}
source "file" "b" {
  content = "x"
  target  = "out/b.txt"
}
source "null" "n" {
  communicator = "none"
}
build {
  name    = "web"
  sources = ["source.file.a", "source.file.b"]
  post-processor "manifest" {}
  post-processors {
    post-processor "checksum" {
      checksum_types = ["md5"]
    }
    post-processor "manifest" {}
  }
}
build {
  sources = ["source.null.n", "source.file.a"]
}
`;

type PlanJSON = PlanDocument & { valid: boolean };

async function planJSON(dir: string, ...flags: string[]): Promise<PlanJSON> {
  const r = await kiln(['plan', '-format=json', ...flags, '.'], dir);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as PlanJSON;
}

describe('kiln plan', () => {
  it('lists every build with its type, source and post-processors, and runs nothing', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const r = await kiln(['plan', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        '4 builds in 4 jobs (-group=build):',
        '',
        '  BUILD       TYPE  SOURCE  POST-PROCESSORS',
        '  web.file.a  file  a       manifest; checksum > manifest',
        '  web.file.b  file  b       manifest; checksum > manifest',
        '  null.n      null  n       -',
        '  file.a      file  a       -',
        '',
      ].join('\n'),
    );
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('gives a ready matrix, one job per build, whose -only selects exactly that build', async () => {
    const plan = await planJSON(tempTemplate({ 'a.pkr.hcl': TEMPLATE }));
    expect(plan.valid).toBe(true);
    expect(plan.jobs).toBe(4);
    expect(plan.builds[0]).toEqual({
      name: 'web.file.a',
      type: 'file',
      source: 'a',
      buildBlock: 'web',
      postProcessors: [['manifest'], ['checksum', 'manifest']],
    });
    expect(plan.matrix.include[0]).toEqual({
      build: 'web.file.a',
      only: 'web.file.a',
      builds: 'web.file.a',
      type: 'file',
      source: 'a',
      'post-processors': 'manifest,checksum>manifest',
    });
    expect(plan.matrix.include.map((j) => j.only)).toEqual(['web.file.a', 'web.file.b', 'null.n', 'file.a']);
    // Each job's -only, given back to plan, plans exactly its build.
    for (const job of plan.matrix.include) {
      const one = await planJSON(tempTemplate({ 'a.pkr.hcl': TEMPLATE }), `-only=${job.only}`);
      expect(one.builds.map((b) => b.name)).toEqual([job.build]);
    }
  });

  it('groups by source type or build block, and honours -only, -except and -var', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const byType = await planJSON(dir, '-group=source-type');
    expect(byType.matrix.include).toEqual([
      {
        build: 'file',
        only: 'web.file.a,web.file.b,file.a',
        builds: 'web.file.a,web.file.b,file.a',
        type: 'file',
      },
      { build: 'null', only: 'null.n', builds: 'null.n', type: 'null' },
    ]);
    const byBlock = await planJSON(dir, '-group=build-block', '-except=null.n');
    expect(byBlock.matrix.include.map((j) => [j.build, j.only])).toEqual([
      ['web', 'web.file.a,web.file.b'],
      ['build #2', 'file.a'],
    ]);
    const only = await planJSON(dir, '-only=web.*', '-var=target=elsewhere');
    expect(only.builds.map((b) => b.name)).toEqual(['web.file.a', 'web.file.b']);
  });

  it('refuses more jobs than a GitHub matrix allows, suggesting a grouping', async () => {
    const n = MATRIX_JOB_LIMIT + 1;
    const sources = Array.from(
      { length: n },
      (_, i) => `source "null" "n${i}" {\n  communicator = "none"\n}\n`,
    );
    const uses = Array.from({ length: n }, (_, i) => `"source.null.n${i}"`).join(', ');
    const dir = tempTemplate({ 'a.pkr.hcl': `${sources.join('')}build {\n  sources = [${uses}]\n}\n` });
    const r = await kiln(['plan', '.'], dir);
    expect(r.code).toBe(1);
    const err = r.err.replace(/\s+/g, ' ');
    expect(err).toContain(
      'The plan makes 257 jobs (-group=build); a GitHub Actions matrix allows at most 256.',
    );
    expect(err).toContain('-group=source-type or -group=build-block');
    const grouped = await planJSON(dir, '-group=source-type');
    expect(grouped.jobs).toBe(1);
    expect(grouped.builds).toHaveLength(n);
  });

  it('reports template errors, no builds, and bad flags', async () => {
    const broken = await kiln(
      ['plan', '-format=json', '.'],
      tempTemplate({ 'a.pkr.hcl': 'source "file" {' }),
    );
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ valid: false });
    const none = await kiln(['plan', '-only=nothing', '.'], tempTemplate({ 'a.pkr.hcl': TEMPLATE }));
    expect(none.code).toBe(1);
    expect(none.err).toContain('No builds to run');
    const bad = await kiln(['plan', '-group=cloud', '.'], tempTemplate({ 'a.pkr.hcl': TEMPLATE }));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('invalid value "cloud" for flag -group');
  });

  it('escapes glob characters so a name matches only itself', () => {
    for (const name of ['a.b', 'x.docker.[weird]*{a,b}?\\']) {
      const glob = compileBuildGlob(escapeOnlyPattern(name));
      if (!glob.ok) throw new Error(glob.message);
      expect(glob.glob.match(name)).toBe(true);
      expect(glob.glob.match(`${name}x`)).toBe(false);
    }
  });
});
