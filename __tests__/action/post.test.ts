import * as fs from 'fs';
import * as path from 'path';

import { runPost } from '../../src/action/post';
import { STATE_LEDGERS, STATE_RUN_CLEAN, STATE_RUN_ID } from '../../src/action/state';
import { FileLedger } from '../../src/engine/ledger';
import type { RunFinder, Sweeper } from '../../src/engine/sweep';
import type { LedgerKindTable } from '../../src/sdk/ledger-kinds';
import { tempDir } from '../support/temp';

/** A post step's core over `state`, keeping every line it prints. */
function postCore(state: Record<string, string>) {
  const lines: string[] = [];
  return {
    lines,
    core: {
      getState: (name: string) => state[name] ?? '',
      info: (m: string) => lines.push(...m.split('\n')),
      warning: (m: string) => lines.push(m),
    },
  };
}

/** A loader of `kinds` that counts its calls (the real one reads the template bundle). */
function countingLoader(kinds: LedgerKindTable) {
  const loader = Object.assign(
    (): LedgerKindTable => {
      loader.calls++;
      return kinds;
    },
    { calls: 0 },
  );
  return loader;
}

describe('the post step', () => {
  let root: string;
  beforeEach(() => (root = tempDir('kiln-post-test-')));

  function buildLedger(runId = 'run-1'): FileLedger {
    const buildDir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    return new FileLedger(path.join(buildDir, 'ledger.jsonl'), runId);
  }

  it('prints what a ledger names so that it cannot start a workflow command', async () => {
    const ledger = buildLedger();
    ledger.record({ id: 'c1\n::warning::injected', kind: 'fake', data: {} });
    const { lines, core } = postCore({
      [STATE_LEDGERS]: JSON.stringify([ledger.path]),
      [STATE_RUN_ID]: 'run-1',
    });
    const sweepers = new Map<string, Sweeper>([['fake', () => Promise.resolve('deleted')]]);
    await runPost(core, () => ({ sweepers, runFinders: [] }));
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

  describe('loads the sweepers only when there is something to sweep', () => {
    const swept: string[] = [];
    const found: string[] = [];
    const sweeper: Sweeper = (r) => {
      swept.push(r.id);
      return Promise.resolve('deleted');
    };
    const finder: RunFinder = (runId) => {
      found.push(runId);
      return Promise.resolve([]);
    };
    const kinds: LedgerKindTable = { sweepers: new Map([['fake', sweeper]]), runFinders: [finder] };
    beforeEach(() => {
      swept.length = 0;
      found.length = 0;
    });

    it('not after a run that ended clean: its ledgers are gone or list nothing', async () => {
      const gone = buildLedger();
      gone.record({ id: 'c1', kind: 'fake', data: {} });
      gone.release('c1');
      const empty = buildLedger(); // a build that recorded nothing: no ledger file at all
      fs.rmSync(path.dirname(gone.path), { recursive: true }); // as a clean build leaves it
      const load = countingLoader(kinds);
      const { lines, core } = postCore({
        [STATE_LEDGERS]: JSON.stringify([gone.path, empty.path]),
        [STATE_RUN_ID]: 'run-1',
        [STATE_RUN_CLEAN]: 'true',
      });
      await runPost(core, load);
      expect(load.calls).toBe(0);
      expect(found).toEqual([]);
      expect(lines).toEqual(['Kiln: nothing was left behind by this run.']);
      // A ledger with nothing outstanding is still dealt with as a sweep would: its directory goes.
      expect(fs.existsSync(path.dirname(empty.path))).toBe(false);
    });

    it('when a ledger lists a resource, even after a run that ended clean', async () => {
      const ledger = buildLedger();
      ledger.record({ id: 'c1', kind: 'fake', data: {} });
      const load = countingLoader(kinds);
      const { lines, core } = postCore({
        [STATE_LEDGERS]: JSON.stringify([ledger.path]),
        [STATE_RUN_ID]: 'run-1',
        [STATE_RUN_CLEAN]: 'true',
      });
      await runPost(core, load);
      expect(load.calls).toBe(1);
      expect(swept).toEqual(['c1']);
      // Loaded anyway: the tag search runs as well, as it always did with something left.
      expect(found).toEqual(['run-1']);
      expect(lines).toContain('Kiln: cleaned up 1 resource(s) left by a cancelled or killed build.');
    });

    it("when the run did not end (a killed main step): its ledgers may be lost, the run's tag is searched", async () => {
      const lost = buildLedger();
      fs.rmSync(path.dirname(lost.path), { recursive: true });
      const load = countingLoader(kinds);
      const { lines, core } = postCore({
        [STATE_LEDGERS]: JSON.stringify([lost.path]),
        [STATE_RUN_ID]: 'run-1',
      });
      await runPost(core, load);
      expect(load.calls).toBe(1);
      expect(found).toEqual(['run-1']);
      expect(lines).toEqual(['Kiln: nothing was left behind by this run.']);
    });

    it('not when no build ran', async () => {
      const load = countingLoader(kinds);
      const { lines, core } = postCore({});
      await runPost(core, load);
      expect(load.calls).toBe(0);
      expect(lines).toEqual(['Kiln: no build ran in this job step; nothing to clean up.']);
    });

    it('a loader that fails is an error of the post step (post-main turns it into a warning)', async () => {
      const ledger = buildLedger();
      ledger.record({ id: 'c1', kind: 'fake', data: {} });
      const { core } = postCore({ [STATE_LEDGERS]: JSON.stringify([ledger.path]), [STATE_RUN_ID]: 'run-1' });
      await expect(
        runPost(core, () => {
          throw new Error('Kiln is incompletely installed');
        }),
      ).rejects.toThrow('incompletely installed');
    });
  });
});
