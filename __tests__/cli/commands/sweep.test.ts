import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { kiln } from '../../support/kiln';

/**
 * `kiln sweep -run-id` finds ledgers in a shared temp directory, where anyone can plant one that
 * claims the run. A ledger that only someone else could have written is reported and left alone:
 * nothing it lists is deleted, no program it names is run.
 */

describe('kiln sweep and planted ledgers', () => {
  const runId = '0b1c2d3e-0000-4000-8000-000000000005';
  let root: string;
  let victim: string;
  let marker: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sweep-cli-'));
    victim = path.join(root, 'victim');
    fs.mkdirSync(victim);
    marker = path.join(root, 'ran');
    const program = path.join(root, 'evil.sh');
    fs.writeFileSync(program, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    // kiln() chdirs into root: leave it before it goes.
    process.chdir(os.tmpdir());
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A build directory holding a ledger that asks for the victim's removal and a program to run. */
  function plant(dirMode: number, ledgerMode: number): string {
    const dir = path.join(root, `kiln-build-planted${dirMode.toString(8)}${ledgerMode.toString(8)}`);
    fs.mkdirSync(dir);
    fs.chmodSync(dir, dirMode);
    const ledger = path.join(dir, 'ledger.jsonl');
    const line = (e: object) => JSON.stringify({ op: 'create', runId, time: '', ...e });
    fs.writeFileSync(
      ledger,
      [
        line({ id: victim, kind: 'temp-path', data: {} }),
        line({ id: 'kiln-x', kind: 'docker-container', data: { executable: path.join(root, 'evil.sh') } }),
      ].join('\n') + '\n',
    );
    fs.chmodSync(ledger, ledgerMode);
    return ledger;
  }

  async function sweep(): Promise<{ code: number; out: string; err: string }> {
    return kiln(['sweep', '-run-id', runId, '-temp-dir', root], root, {
      env: { PATH: process.env.PATH ?? '' },
    });
  }

  it('in a directory open to others', async () => {
    const ledger = plant(0o777, 0o600);
    const r = await sweep();
    expect(r.err).toContain(
      `${ledger}: left alone: the directory ${path.dirname(ledger)} is open to other users`,
    );
    expect(r.code).toBe(1);
    expect(fs.existsSync(victim)).toBe(true);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('that others can write', async () => {
    const ledger = plant(0o700, 0o666);
    const r = await sweep();
    expect(r.err).toContain(
      `${ledger}: left alone: the ledger ${ledger} can be written by other users (mode 0666)`,
    );
    expect(r.code).toBe(1);
    expect(fs.existsSync(victim)).toBe(true);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('owned by another user', async () => {
    const ledger = plant(0o700, 0o600);
    const uid = process.getuid!();
    if (uid === 0) fs.chownSync(path.dirname(ledger), 65534, 65534);
    else jest.spyOn(process, 'getuid').mockReturnValue(uid + 1);
    const r = await sweep();
    expect(r.err).toMatch(/left alone: the directory .* belongs to user \d+, not to the user running Kiln/);
    expect(r.code).toBe(1);
    expect(fs.existsSync(victim)).toBe(true);
    expect(fs.existsSync(marker)).toBe(false);
  });
});
