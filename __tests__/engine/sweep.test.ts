import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { FileLedger, readLedger } from '../../src/engine/ledger';
import { findLedgers, type Sweeper, sweepLedger, sweepRun, sweepTempPath } from '../../src/engine/sweep';

describe('sweepLedger', () => {
  let root: string;
  let buildDir: string;
  let ledger: FileLedger;
  const signal = new AbortController().signal;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sweep-test-'));
    buildDir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    ledger = new FileLedger(path.join(buildDir, 'ledger.jsonl'), 'run-1');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('deletes what is still listed, newest first, then the build directory', async () => {
    const key = path.join(root, 'key');
    fs.writeFileSync(key, 'secret');
    const order: string[] = [];
    const fake: Sweeper = (r) => {
      order.push(r.id);
      return Promise.resolve(r.id === 'c2' ? 'gone' : 'deleted');
    };
    ledger.record({ id: 'c1', kind: 'fake', data: {} });
    ledger.record({ id: key, kind: 'temp-path', data: {} });
    ledger.record({ id: 'released', kind: 'fake', data: {} });
    ledger.release('released');
    ledger.record({ id: 'c2', kind: 'fake', data: {} });
    const sweepers = new Map([
      ['fake', fake],
      ['temp-path', sweepTempPath],
    ]);
    const report = await sweepLedger(ledger.path, { sweepers, signal, runId: 'run-1' });
    expect(order).toEqual(['c2', 'c1']);
    expect(report.deleted.map((r) => r.id)).toEqual([key, 'c1']);
    expect(report.gone.map((r) => r.id)).toEqual(['c2']);
    expect(report.failed).toEqual([]);
    expect(report.removedDir).toBe(true);
    expect(fs.existsSync(key)).toBe(false);
    expect(fs.existsSync(buildDir)).toBe(false);
  });

  it('strikes off what it swept and keeps the ledger when something could not be deleted', async () => {
    ledger.record({ id: 'ok', kind: 'fake', data: {} });
    ledger.record({ id: 'stuck', kind: 'stubborn', data: {} });
    ledger.record({ id: 'odd', kind: 'unheard-of', data: {} });
    const sweepers = new Map<string, Sweeper>([
      ['fake', () => Promise.resolve('deleted')],
      ['stubborn', () => Promise.reject(new Error('permission denied'))],
    ]);
    const progress: string[] = [];
    const report = await sweepLedger(ledger.path, {
      sweepers,
      signal,
      progress: (r, o) => progress.push(`${r.id}:${o instanceof Error ? o.message : o}`),
    });
    expect(progress).toEqual([
      'odd:Kiln does not know how to delete a "unheard-of"',
      'stuck:permission denied',
      'ok:deleted',
    ]);
    expect(report.removedDir).toBe(false);
    expect(readLedger(ledger.path).outstanding.map((r) => r.id)).toEqual(['stuck', 'odd']);
    // A second sweep tries only what is left.
    const again = await sweepLedger(ledger.path, { sweepers, signal });
    expect([...again.deleted, ...again.gone]).toEqual([]);
    expect(again.failed.map((f) => f.resource.id)).toEqual(['odd', 'stuck']);
  });

  it("leaves another run's ledger alone", async () => {
    const file = path.join(root, 'keep');
    fs.writeFileSync(file, '');
    ledger.record({ id: file, kind: 'temp-path', data: {} });
    const report = await sweepLedger(ledger.path, {
      sweepers: new Map([['temp-path', sweepTempPath]]),
      signal,
      runId: 'run-2',
    });
    expect(report.otherRun).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(buildDir)).toBe(true);
  });

  it('removes the directory of a build that recorded nothing, and no other directory', async () => {
    const report = await sweepLedger(ledger.path, { sweepers: new Map(), signal, runId: 'run-1' });
    expect(report.removedDir).toBe(true);
    expect(fs.existsSync(buildDir)).toBe(false);
    const other = path.join(root, 'not-a-build');
    fs.mkdirSync(other);
    const r2 = await sweepLedger(path.join(other, 'ledger.jsonl'), { sweepers: new Map(), signal });
    expect(r2.removedDir).toBe(false);
    expect(fs.existsSync(other)).toBe(true);
  });

  it('finds the build directories under a temp root', () => {
    fs.mkdirSync(path.join(root, 'unrelated'));
    expect(findLedgers(root)).toEqual([ledger.path]);
    expect(findLedgers(path.join(root, 'missing'))).toEqual([]);
  });
});

describe('sweepRun', () => {
  it('deletes what the finders turn up for the run, each with the sweeper of its kind', async () => {
    const asked: string[] = [];
    const report = await sweepRun(
      'run-9',
      [
        (runId) => {
          asked.push(runId);
          return Promise.resolve([
            { id: 'c1', kind: 'fake', data: {} },
            { id: 'x', kind: 'unknown', data: {} },
          ]);
        },
        () => Promise.resolve([]),
      ],
      {
        sweepers: new Map<string, Sweeper>([['fake', () => Promise.resolve('deleted')]]),
        signal: new AbortController().signal,
      },
    );
    expect(asked).toEqual(['run-9']);
    expect(report.deleted.map((r) => r.id)).toEqual(['c1']);
    expect(report.failed.map((f) => f.error)).toEqual(['Kiln does not know how to delete a "unknown"']);
  });
});
