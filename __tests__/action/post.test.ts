import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { runPost } from '../../src/action/post';
import { STATE_LEDGERS, STATE_RUN_ID } from '../../src/action/state';
import { FileLedger } from '../../src/engine/ledger';
import type { Sweeper } from '../../src/engine/sweep';

describe('the post step', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-post-test-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints what a ledger names so that it cannot start a workflow command', async () => {
    const buildDir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    const ledger = new FileLedger(path.join(buildDir, 'ledger.jsonl'), 'run-1');
    ledger.record({ id: 'c1\n::warning::injected', kind: 'fake', data: {} });
    const lines: string[] = [];
    const state: Record<string, string> = {
      [STATE_LEDGERS]: JSON.stringify([ledger.path]),
      [STATE_RUN_ID]: 'run-1',
    };
    const sweepers = new Map<string, Sweeper>([['fake', () => Promise.resolve('deleted')]]);
    await runPost(
      {
        getState: (name) => state[name] ?? '',
        info: (m) => lines.push(...m.split('\n')),
        warning: (m) => lines.push(m),
      },
      sweepers,
      [],
    );
    expect(lines.join('\n')).toContain('::warning::injected');
    // Every line that reads as a command sits between ::stop-commands::TOKEN and ::TOKEN::.
    const start = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[start]?.slice('::stop-commands::'.length) ?? '';
    const end = lines.indexOf(`::${token}::`);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(token).not.toBe('');
    expect(lines.findIndex((l) => l.startsWith('::warning::injected'))).toBeGreaterThan(start);
    expect(lines.findIndex((l) => l.startsWith('::warning::injected'))).toBeLessThan(end);
  });
});
