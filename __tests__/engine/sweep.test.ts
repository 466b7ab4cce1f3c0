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
    const key = path.join(buildDir, 'key');
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

describe('sweepLedger trusts only ledgers its own builds could have written', () => {
  let root: string;
  const signal = new AbortController().signal;
  /** A sweeper that must never run for an untrusted ledger. */
  const calls: string[] = [];
  const sweepers = new Map<string, Sweeper>([
    ['fake', (r) => (calls.push(r.id), Promise.resolve('deleted'))],
    ['temp-path', sweepTempPath],
  ]);
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sweep-trust-'));
    calls.length = 0;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A ledger written by hand, as someone planting one would. */
  function plant(dir: string, entries: readonly object[], mode = 0o600): string {
    const file = path.join(dir, 'ledger.jsonl');
    const lines = entries.map((e) =>
      JSON.stringify({ op: 'create', runId: 'run-1', time: '', data: {}, ...e }),
    );
    fs.writeFileSync(file, lines.join('\n') + '\n', { mode });
    fs.chmodSync(file, mode);
    return file;
  }

  it('leaves a planted ledger in a directory open to others alone', async () => {
    const victim = path.join(root, 'victim');
    fs.mkdirSync(victim);
    const dir = path.join(root, 'kiln-build-planted');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const ledger = plant(dir, [
      { id: 'c1', kind: 'fake' },
      { id: victim, kind: 'temp-path' },
    ]);
    const report = await sweepLedger(ledger, { sweepers, signal, runId: 'run-1' });
    expect(report.untrusted).toBe(
      `the directory ${dir} is open to other users (mode 0755; Kiln makes them 0700)`,
    );
    expect(calls).toEqual([]);
    expect(fs.existsSync(victim)).toBe(true);
    expect(fs.existsSync(dir)).toBe(true);
  });

  it('leaves a ledger owned by another user alone', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    const ledger = plant(dir, [{ id: 'c1', kind: 'fake' }]);
    const uid = process.getuid!();
    // Root can give the files away for real; anyone else sees them as another user's by asking
    // the check with a uid that is not the files' own.
    if (uid === 0) fs.chownSync(ledger, 65534, 65534);
    else jest.spyOn(process, 'getuid').mockReturnValue(uid + 1);
    const report = await sweepLedger(ledger, { sweepers, signal });
    expect(report.untrusted).toMatch(
      /^(the ledger .*|the directory .*) belongs to user \d+, not to the user running Kiln/,
    );
    expect(calls).toEqual([]);
    expect(fs.existsSync(dir)).toBe(true);
  });

  it('leaves a ledger other users can write alone, and one that is a link', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    const ledger = plant(dir, [{ id: 'c1', kind: 'fake' }], 0o666);
    const report = await sweepLedger(ledger, { sweepers, signal });
    expect(report.untrusted).toBe(`the ledger ${ledger} can be written by other users (mode 0666)`);

    const dir2 = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    fs.chmodSync(ledger, 0o600);
    fs.symlinkSync(ledger, path.join(dir2, 'ledger.jsonl'));
    const linked = await sweepLedger(path.join(dir2, 'ledger.jsonl'), { sweepers, signal });
    expect(linked.untrusted).toBe(`${path.join(dir2, 'ledger.jsonl')} is a symbolic link, not a ledger`);
    expect(calls).toEqual([]);
  });

  it('does not read a ledger outside a directory named as build directories are', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'elsewhere-'));
    const ledger = plant(dir, [{ id: 'c1', kind: 'fake' }]);
    const report = await sweepLedger(ledger, { sweepers, signal });
    expect(report.untrusted).toContain('is not a Kiln build directory');
    expect(calls).toEqual([]);
  });

  it("deletes temp paths only inside the build's own temp directory", async () => {
    const dir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'keep'), '');
    fs.symlinkSync(outside, path.join(dir, 'link'));
    const inside = path.join(dir, 'scratch');
    fs.mkdirSync(inside);
    const ledger = plant(dir, [
      { id: outside, kind: 'temp-path' },
      { id: `${dir}/../outside`, kind: 'temp-path' },
      { id: path.join(dir, 'link', 'keep'), kind: 'temp-path' },
      { id: inside, kind: 'temp-path' },
    ]);
    const report = await sweepLedger(ledger, { sweepers, signal });
    expect(report.deleted.map((r) => r.id)).toEqual([inside]);
    expect(report.failed.map((f) => f.error)).toEqual([
      `refusing to delete ${path.join(dir, 'link', 'keep')}: a link leads it out of the build's temp directory`,
      `refusing to delete ${`${dir}/../outside`}: it is not inside the build's temp directory`,
      `refusing to delete ${outside}: it is not inside the build's temp directory`,
    ]);
    expect(fs.existsSync(path.join(outside, 'keep'))).toBe(true);
    expect(fs.existsSync(inside)).toBe(false);
    expect(report.removedDir).toBe(false);
  });

  it('sweeps a trusted ledger the run finders settled, and strikes off what they deleted', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'kiln-build-'));
    const ledger = new FileLedger(path.join(dir, 'ledger.jsonl'), 'run-1');
    ledger.record({
      id: 'kiln-run-1-abc',
      kind: 'docker-container',
      data: { dockerHost: 'unix:///gone.sock' },
    });
    const dead: Sweeper = () => Promise.reject(new Error('Cannot connect to the Docker daemon'));
    const first = await sweepLedger(ledger.path, {
      sweepers: new Map([['docker-container', dead]]),
      signal,
      runId: 'run-1',
    });
    expect(first.failed).toHaveLength(1);
    // The run's tag finds it on the engine this process uses, and deletes it there.
    const byTag = await sweepRun(
      'run-1',
      [() => Promise.resolve([{ id: 'kiln-run-1-abc', kind: 'docker-container', data: {} }])],
      {
        sweepers: new Map<string, Sweeper>([['docker-container', () => Promise.resolve('deleted')]]),
        signal,
      },
      [ledger.path],
    );
    expect(byTag.settled.map((r) => r.id)).toEqual(['kiln-run-1-abc']);
    expect(byTag.removedDirs).toEqual([dir]);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
