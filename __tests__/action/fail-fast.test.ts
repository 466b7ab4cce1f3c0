import * as fs from 'fs';
import * as path from 'path';
import { fakeActionCore } from '../support/action';

import { runAction } from '../../src/action/run';
import { tempDir } from '../support/temp';

/**
 * The action's `fail-fast` input: the first failed build cancels the others; the step's failure
 * message and the job summary say which build failed and which builds were cancelled because of it.
 */
describe('the action with fail-fast', () => {
  it('cancels the other builds and says so in the failure message and the summary', async () => {
    const dir = tempDir('kiln-action-failfast-');
    const sources = ['bad', 'slow1', 'slow2']
      .map((n) => `source "null" "${n}" {\n  communicator = "none"\n}\n`)
      .join('');
    fs.writeFileSync(
      path.join(dir, 'a.pkr.hcl'),
      `${sources}build {\n  sources = ["source.null.bad", "source.null.slow1", "source.null.slow2"]\n` +
        '  provisioner "shell-local" {\n    only   = ["null.bad"]\n    inline = ["exit 3"]\n  }\n' +
        '  provisioner "shell-local" {\n    except = ["null.bad"]\n    inline = ["sleep 30"]\n  }\n}\n',
    );
    const failed: string[] = [];
    const outputs: Record<string, string> = {};
    let summary = '';
    const inputs: Record<string, string> = { template: 'a.pkr.hcl', color: 'false', 'fail-fast': 'true' };
    const core = fakeActionCore({
      getInput: (n) => inputs[n] ?? '',
      setOutput: (n, v) => (outputs[n] = v),
      setFailed: (m) => failed.push(m),
      writeSummary: (md) => {
        summary += md;
        return Promise.resolve();
      },
    });
    const before = process.cwd();
    const t0 = Date.now();
    try {
      const code = await runAction(core, {
        env: { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: path.join(dir, 'summary') },
        workspace: dir,
        chdir: (d) => process.chdir(d),
      });
      expect(code).toBe(1);
    } finally {
      process.chdir(before);
    }
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(failed).toEqual([
      "Build 'null.bad' failed; fail-fast cancelled 2 other builds: null.slow1, null.slow2.",
    ]);
    expect(JSON.parse(outputs['failed-builds'])).toEqual(['null.bad', 'null.slow1', 'null.slow2']);
    expect(summary).toContain('| `null.slow1` | ⏹️ cancelled (fail-fast) |');
    expect(summary).toContain(
      '**Fail-fast:** `null.bad` failed, so 2 other builds were cancelled: `null.slow1`, `null.slow2`.',
    );
    // The result file the action always writes says the same.
    const result = JSON.parse(fs.readFileSync(outputs['result-file'], 'utf8')) as {
      builds: { name: string; status: string; cancelled_by_fail_fast: boolean }[];
    };
    expect(result.builds.map((b) => [b.name, b.status, b.cancelled_by_fail_fast])).toEqual([
      ['null.bad', 'failed', false],
      ['null.slow1', 'cancelled', true],
      ['null.slow2', 'cancelled', true],
    ]);
  });
});
