import * as fs from 'fs';
import * as path from 'path';

import type { Manifest } from '../../src/cli/merge-results';
import type { ResultFile } from '../../src/cli/result-file';
import { kiln } from '../support/kiln';
import { tempTemplate } from '../support/temp';

/**
 * `kiln build -result-file` and `kiln merge`: builds run as separate `-only` jobs, merged, give the
 * manifest one whole-template build writes (apart from run IDs and times), and the same outcome.
 */

const TEMPLATE = `
source "file" "a" {
  content = "aaa"
  target  = "out/a.txt"
}
source "file" "b" {
  content = "bbbbb"
  target  = "out/b.txt"
}
source "null" "bad" {
  communicator = "none"
}
build {
  sources = ["source.file.a", "source.file.b", "source.null.bad"]
  provisioner "shell-local" {
    only   = ["null.bad"]
    inline = ["exit 3"]
  }
  post-processor "manifest" {
    output = "manifest.json"
  }
}
`;

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** A manifest without what differs between runs: run IDs and build times; entries by name. */
function comparable(m: Manifest): unknown {
  return m.builds
    .map((b) => ({ ...b, packer_run_uuid: 'RUN', build_time: 'TIME' }))
    .sort((x, y) => x.name.localeCompare(y.name));
}

describe('kiln build -result-file', () => {
  it('records every build: status, error, times, artifacts with manifest entries, steps', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const r = await kiln(['build', '-color=false', '-result-file=results/run.json', '.'], dir);
    expect(r.code).toBe(1);
    const result = read<ResultFile>(path.join(dir, 'results', 'run.json'));
    expect(result).toMatchObject({ format: 'kiln-result/1', cancelled: false, fail_fast: null, error: null });
    expect(result.run_id).toMatch(/^[0-9a-f-]{36}$/);
    const manifest = read<Manifest>(path.join(dir, 'manifest.json'));
    const byName = new Map(result.builds.map((b) => [b.name, b]));
    expect([...byName.keys()]).toEqual(['file.a', 'file.b', 'null.bad']);
    const a = byName.get('file.a')!;
    expect(a).toMatchObject({ type: 'file', source: 'a', status: 'ok', error: null });
    expect(Date.parse(a.ended!)).toBeGreaterThanOrEqual(Date.parse(a.started!));
    expect(a.artifacts[0]).toMatchObject({
      id: 'File',
      files: ['out/a.txt'],
      manifest_entry: {
        name: 'a',
        builder_type: 'file',
        files: [{ name: 'out/a.txt', size: 3 }],
        artifact_id: 'File',
        packer_run_uuid: result.run_id,
        custom_data: null,
      },
    });
    // The manifest post-processor's own entry, exactly as it wrote it to the file.
    expect(a.manifest_entries).toEqual(manifest.builds.filter((b) => b.name === 'a'));
    expect(a.steps.map((s) => s.name)).toContain('post-processor manifest');
    const bad = byName.get('null.bad')!;
    expect(bad).toMatchObject({ status: 'failed', artifacts: [], manifest_entries: [] });
    expect(bad.error).toContain('Erroneous exit code 3');
  });

  it('is written, with the reason, when the template stops the build before anything runs', async () => {
    const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const r = await kiln(['build', '-only=nothing', '-result-file=r.json', '.'], dir);
    expect(r.code).toBe(1);
    expect(read<ResultFile>(path.join(dir, 'r.json'))).toMatchObject({
      error: 'No builds to run.',
      builds: [],
    });
  });
});

describe('kiln merge', () => {
  it('gives the manifest and outcome of one whole-template build from separate -only jobs', async () => {
    const whole = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    expect((await kiln(['build', '-color=false', '.'], whole)).code).toBe(1);
    const wholeManifest = read<Manifest>(path.join(whole, 'manifest.json'));
    expect(wholeManifest.builds.map((b) => b.name).sort()).toEqual(['a', 'b']);

    const jobs = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
    const codes: number[] = [];
    for (const only of ['file.a', 'file.b', 'null.bad']) {
      const r = await kiln(
        ['build', '-color=false', `-only=${only}`, `-result-file=results/${only}.json`, '.'],
        jobs,
      );
      codes.push(r.code);
    }
    expect(codes).toEqual([0, 0, 1]);
    const m = await kiln(['merge', '-manifest=merged/manifest.json', 'results'], jobs);
    expect(m.code).toBe(1);
    expect(m.out).toContain('Merged 3 result files: 3 builds, 2 succeeded, 1 failed, 0 cancelled.');
    expect(m.err).toMatch(/--> null\.bad: Erroneous exit code 3/);
    expect(m.out).toContain('--> file.a: Stored file: out/a.txt');
    const merged = read<Manifest>(path.join(jobs, 'merged', 'manifest.json'));
    expect(comparable(merged)).toEqual(comparable(wholeManifest));
    // Each entry keeps its own job's run ID; the last run ID is one of the jobs'.
    const runIds = ['file.a', 'file.b'].map(
      (o) => read<ResultFile>(path.join(jobs, 'results', `${o}.json`)).run_id,
    );
    expect(merged.builds.map((b) => b.packer_run_uuid).sort()).toEqual([...runIds].sort());
    expect(new Set(runIds).size).toBe(2);
  });

  it('reports files that are not result files, and no files', async () => {
    const dir = tempTemplate({ 'x.json': '{"builds": []}' });
    const r = await kiln(['merge', 'x.json'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not a Kiln result file');
    expect((await kiln(['merge', '.'], dir)).err).toContain('no result file there');
    expect((await kiln(['merge'], dir)).code).toBe(1);
  });
});
