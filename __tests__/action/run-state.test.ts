import * as fs from 'fs';
import * as path from 'path';
import { fakeActionCore } from '../support/action';

import { runAction } from '../../src/action/run';
import { STATE_LEDGERS, STATE_RUN_CLEAN, STATE_RUN_ID } from '../../src/action/state';
import { tempDir } from '../support/temp';

/**
 * What the main step saves for the post step. `run-clean` lets the post step of a run that ended
 * with everything cleaned up skip loading the sweepers (see action/post.ts); a killed main step
 * never saves it.
 */
describe('the state the main step saves', () => {
  async function build(template: string): Promise<{ state: Record<string, string>; code: number }> {
    const dir = tempDir('kiln-action-state-');
    fs.writeFileSync(path.join(dir, 'a.pkr.hcl'), template);
    const state: Record<string, string> = {};
    const core = fakeActionCore({
      getInput: (n) => ({ template: 'a.pkr.hcl', color: 'false' })[n] ?? '',
      saveState: (name, value) => (state[name] = value),
    });
    const before = process.cwd();
    try {
      const code = await runAction(core, {
        env: { PATH: process.env.PATH ?? '' },
        workspace: dir,
        chdir: (d) => process.chdir(d),
      });
      return { state, code };
    } finally {
      process.chdir(before);
    }
  }

  const source = 'source "null" "n" {\n  communicator = "none"\n}\n';

  it.each([
    ['succeeded', 0, ''],
    ['failed, and cleaned up', 1, '  provisioner "shell-local" {\n    inline = ["exit 3"]\n  }\n'],
  ])('a run whose builds %s is marked clean', async (_, exitCode, provisioner) => {
    const { state, code } = await build(`${source}build {\n  sources = ["source.null.n"]\n${provisioner}}\n`);
    expect(code).toBe(exitCode);
    expect(state[STATE_RUN_ID]).toMatch(/^[0-9a-f-]{36}$/);
    const ledgers = JSON.parse(state[STATE_LEDGERS]) as string[];
    expect(ledgers).toHaveLength(1);
    expect(fs.existsSync(path.dirname(ledgers[0]))).toBe(false);
    expect(state[STATE_RUN_CLEAN]).toBe('true');
  });
});
