import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import type { Manifest } from '../../src/cli/merge-results';
import type { PlanDocument } from '../../src/cli/plan-matrix';
import type { ResultFile } from '../../src/cli/result-file';
import { kiln } from '../support/kiln';
import { MATRIX_FAILING, MATRIX_IMAGE, comparableManifest, matrixTemplate } from '../support/matrix-template';
import { describeWithDocker, printedContainerIds, docker } from '../support/services';
import { tempTemplate } from '../support/temp';

/**
 * Issue 18's proof on the command line: `kiln plan` → one `kiln build -only=…` process per matrix
 * job, running side by side → `kiln merge`, on six docker builds of which two fail. The merged
 * manifest is the one a single `kiln build` of the whole template writes, apart from run IDs and
 * times; the merged report lists every artifact and both failures.
 */

const root = path.resolve(__dirname, '..', '..');

/** `kiln ARGS` as a process of its own, from the sources (scripts/run-ts.js). */
function kilnProcess(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        path.join(root, 'scripts', 'run-ts.js'),
        path.join(root, 'src', 'cli', 'index.ts'),
        ...args,
      ],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DOCKER_HOST: process.env.DOCKER_HOST ?? '',
        },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

describeWithDocker('plan → separate -only builds → merge, on the command line', MATRIX_IMAGE, () => {
  jest.setTimeout(240_000);
  const containers: string[] = [];
  afterAll(() => {
    for (const id of containers) docker('rm', '-f', id);
  });

  it('merges into the manifest and outcome of one whole-template build', async () => {
    const whole = tempTemplate({ 'm.pkr.hcl': matrixTemplate() });
    const single = await kiln(['build', '-color=false', '.'], whole);
    containers.push(...printedContainerIds(single.out));
    expect(single.code).toBe(1);
    const wholeManifest = read<Manifest>(path.join(whole, 'manifest.json'));
    expect(wholeManifest.builds.map((b) => b.name).sort()).toEqual(['ok1', 'ok2', 'ok3', 'ok4']);

    const jobsDir = tempTemplate({ 'm.pkr.hcl': matrixTemplate() });
    const planned = await kiln(['plan', '-format=json', '.'], jobsDir);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.out) as PlanDocument;
    expect(plan.jobs).toBe(6);
    // The jobs run as separate processes, three at a time (as runners would, in parallel).
    const runs: { only: string; code: number | null; out: string; err: string }[] = [];
    const queue = [...plan.matrix.include];
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
          const file = `results/${job.build}.json`;
          const r = await kilnProcess(
            ['build', '-color=false', `-only=${job.only}`, `-result-file=${file}`, '.'],
            jobsDir,
          );
          containers.push(...printedContainerIds(r.out));
          runs.push({ only: job.only, ...r });
        }
      }),
    );
    for (const r of runs) expect([r.only, r.code]).toEqual([r.only, MATRIX_FAILING.includes(r.only) ? 1 : 0]);
    const runIds = new Set(
      fs
        .readdirSync(path.join(jobsDir, 'results'))
        .map((f) => read<ResultFile>(path.join(jobsDir, 'results', f)).run_id),
    );
    expect(runIds.size).toBe(6);

    const merged = await kiln(['merge', '-manifest=merged/manifest.json', 'results'], jobsDir);
    expect(merged.code).toBe(1);
    expect(merged.out).toContain('Merged 6 result files: 6 builds, 4 succeeded, 2 failed, 0 cancelled.');
    for (const n of ['ok1', 'ok2', 'ok3', 'ok4'])
      expect(merged.out).toContain(`--> docker.${n}: Exported Docker file: out/${n}.tar`);
    for (const n of MATRIX_FAILING) expect(merged.err).toContain(`--> ${n}: `);
    const mergedManifest = read<Manifest>(path.join(jobsDir, 'merged', 'manifest.json'));
    expect(comparableManifest(mergedManifest)).toEqual(comparableManifest(wholeManifest));
    // Every entry keeps the run ID of the job that built it.
    for (const b of mergedManifest.builds) expect(runIds.has(b.packer_run_uuid)).toBe(true);
    expect(runIds.has(mergedManifest.last_run_uuid)).toBe(true);
    // No container is left by any job (export removes it; the failures clean up).
    expect(containers.length).toBeGreaterThanOrEqual(12);
    for (const id of containers) expect(docker('ps', '-aq', '--filter', `id=${id}`).stdout.trim()).toBe('');
  });
});
