import * as fs from 'fs';
import * as path from 'path';

import { runSweep } from '../../../src/cli/commands/sweep';
import { FileLedger } from '../../../src/engine/ledger';
import type { RunFinder, Sweeper } from '../../../src/engine/sweep';
import type { LedgerKindTable } from '../../../src/sdk/ledger-kinds';
import { captureIO } from '../../support/kiln';
import { tempDir } from '../../support/temp';

/**
 * `kiln sweep` gets its sweepers from the template bundle (the whole catalog): only when a ledger
 * lists something to delete, or -run-id asks for a search by the run's tag.
 */
describe('kiln sweep loads the sweepers only when needed', () => {
  const swept: string[] = [];
  const searched: string[] = [];
  const sweeper: Sweeper = (r) => {
    swept.push(r.id);
    return Promise.resolve('deleted');
  };
  const finder: RunFinder = (runId) => {
    searched.push(runId);
    return Promise.resolve([]);
  };
  let calls = 0;
  const load = (): LedgerKindTable => {
    calls++;
    return { sweepers: new Map([['fake', sweeper]]), runFinders: [finder] };
  };
  let root: string;
  beforeEach(() => {
    swept.length = 0;
    searched.length = 0;
    calls = 0;
    root = tempDir('kiln-sweep-lazy-');
  });

  function ledger(runId: string, ...outstanding: string[]): FileLedger {
    const l = new FileLedger(
      path.join(fs.mkdtempSync(path.join(root, 'kiln-build-')), 'ledger.jsonl'),
      runId,
    );
    l.record({ id: 'released', kind: 'fake', data: {} });
    l.release('released');
    for (const id of outstanding) l.record({ id, kind: 'fake', data: {} });
    return l;
  }

  it('not for ledgers that list nothing (nor for a path that is gone)', async () => {
    const empty = ledger('run-1');
    const gone = path.join(root, 'kiln-build-gone', 'ledger.jsonl');
    const { io, out } = captureIO(root);
    const code = await runSweep([empty.path, gone], io, load);
    expect(code).toBe(0);
    expect(calls).toBe(0);
    expect(out()).toBe(
      `${empty.path}: nothing was left; build directory removed.\n` + `${gone}: nothing was left.\n`,
    );
  });

  it('when a ledger lists a resource', async () => {
    const empty = ledger('run-1');
    const full = ledger('run-1', 'c1');
    const { io, out } = captureIO(root);
    expect(await runSweep([path.dirname(empty.path), path.dirname(full.path)], io, load)).toBe(0);
    expect(calls).toBe(1);
    expect(swept).toEqual(['c1']);
    expect(searched).toEqual([]);
    expect(out()).toContain(`${full.path}: 1 deleted, 0 already gone; build directory removed.`);
  });

  it("with -run-id, which searches by the run's tag", async () => {
    const { io, out } = captureIO(root);
    expect(await runSweep(['-run-id', 'run-9', '-temp-dir', root], io, load)).toBe(0);
    expect(calls).toBe(1);
    expect(searched).toEqual(['run-9']);
    expect(out()).toBe('Nothing of run run-9 was found: nothing to sweep.\n');
  });
});
