import * as fs from 'fs';
import * as path from 'path';

import type { Manifest } from '../../src/cli/merge-results';
import type { MatrixEntry } from '../../src/cli/plan-matrix';
import type { ResultFile } from '../../src/cli/result-file';
import { MAIN_FROM_DIST, MAIN_FROM_SOURCES, runMain, useActionWorkspace } from '../support/action';
import { MATRIX_FAILING, MATRIX_IMAGE, matrixTemplate } from '../support/matrix-template';
import { describeWithDocker, docker, printedContainerIds } from '../support/services';

/**
 * Issue 18's three-job workflow run as the runner runs the action, with its environment files
 * (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY…): `command: plan` sets the matrix; one `command: build`
 * per matrix job writes a result file (its path an output), which is "uploaded" and "downloaded"
 * into one directory as upload-artifact / download-artifact with merge-multiple do; `command:
 * merge` gives one manifest, the outputs over every job and one summary with every build and one
 * timeline. Once from the committed dist/ (as the runner runs it: rebuild dist/ after changing the
 * sources), once from the TypeScript sources.
 */

describeWithDocker('the action: plan → matrix build jobs → merge', MATRIX_IMAGE, () => {
  jest.setTimeout(300_000);
  const ws = useActionWorkspace('kiln-action-matrix-', ['images']);

  describe.each([
    ['dist', MAIN_FROM_DIST],
    ['sources', MAIN_FROM_SOURCES],
  ])('from %s', (_, main) => {
    it('plans, builds each job, merges into one manifest, outputs and summary', () => {
      fs.writeFileSync(path.join(ws.workspace, 'images', 'm.pkr.hcl'), matrixTemplate());
      const plan = runMain(ws, { command: 'plan', 'working-directory': 'images', template: '.' }, main);
      expect(plan.stderr).toBe('');
      expect(plan.code).toBe(0);
      const matrix = JSON.parse(plan.outputs.matrix) as { include: MatrixEntry[] };
      expect(matrix.include.map((j) => j.only)).toEqual([
        'docker.ok1',
        'docker.ok2',
        'docker.bad1',
        'docker.ok3',
        'docker.bad2',
        'docker.ok4',
      ]);
      expect(plan.summary).toContain('6 builds in 6 jobs (one per build)');

      const downloaded = path.join(ws.workspace, 'images', 'downloaded');
      fs.mkdirSync(downloaded);
      const containers: string[] = [];
      try {
        for (const job of matrix.include) {
          const r = runMain(
            ws,
            { command: 'build', 'working-directory': 'images', only: job.only, color: 'false' },
            main,
          );
          containers.push(...printedContainerIds(r.stdout));
          expect([job.only, r.code]).toEqual([job.only, MATRIX_FAILING.includes(job.only) ? 1 : 0]);
          const file = r.outputs['result-file'];
          expect(path.dirname(file)).toBe(ws.runnerTemp);
          const result = JSON.parse(fs.readFileSync(file, 'utf8')) as ResultFile;
          expect(result.builds.map((b) => b.name)).toEqual([job.only]);
          // upload-artifact, then download-artifact with merge-multiple: every file in one directory.
          fs.copyFileSync(file, path.join(downloaded, path.basename(file)));
        }
        expect(fs.readdirSync(downloaded)).toHaveLength(6);

        const merge = runMain(
          ws,
          {
            command: 'merge',
            'working-directory': 'images',
            'result-files': 'downloaded/kiln-result-*.json',
            'merged-manifest': 'out/manifest.json',
          },
          main,
        );
        expect(merge.code).toBe(1);
        expect(merge.outputs['exit-code']).toBe('1');
        expect(JSON.parse(merge.outputs['failed-builds'])).toEqual(['docker.bad1', 'docker.bad2']);
        const ids = JSON.parse(merge.outputs['artifact-ids']) as Record<string, string>;
        expect(Object.keys(ids).sort()).toEqual(['docker.ok1', 'docker.ok2', 'docker.ok3', 'docker.ok4']);
        const artifacts = JSON.parse(merge.outputs.artifacts) as { build: string; files: string[] }[];
        expect(artifacts.find((a) => a.build === 'docker.ok3')?.files).toEqual(['out/ok3.tar']);
        expect(JSON.parse(merge.outputs['ami-ids'])).toEqual({});
        expect(merge.outputs.manifest).toBe(path.join(ws.workspace, 'images', 'out', 'manifest.json'));
        const manifest = JSON.parse(fs.readFileSync(merge.outputs.manifest, 'utf8')) as Manifest;
        expect(manifest.builds.map((b) => b.name).sort()).toEqual(['ok1', 'ok2', 'ok3', 'ok4']);
        expect(new Set(manifest.builds.map((b) => b.packer_run_uuid)).size).toBe(4);
        // One summary: every build's row, both failures, one timeline with a section per build.
        const s = merge.summary;
        expect(s).toContain('## ❌ Kiln merge failed (exit code 1)');
        for (const n of ['ok1', 'ok2', 'ok3', 'ok4'])
          expect(s).toContain(`| \`docker.${n}\` | ✅ succeeded |`);
        for (const n of MATRIX_FAILING) {
          expect(s).toContain(`| \`${n}\` | ❌ failed |`);
          expect(s).toContain(`**\`${n}\` failed:**`);
        }
        expect(s.match(/### Timeline/g)).toHaveLength(1);
        expect(s.match(/^ {4}section docker\./gm)).toHaveLength(6);
        expect(merge.stdout).toContain(
          '::error::2 of 6 builds failed or were cancelled: docker.bad1, docker.bad2.',
        );
      } finally {
        for (const id of containers) docker('rm', '-f', id);
      }
      expect(containers.length).toBe(6);
    });
  });
});
