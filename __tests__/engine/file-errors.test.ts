import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';

import { docker } from '../../src/communicators/docker/cli';
import {
  createFileWriteStream,
  errnoText,
  fileError,
  makeDirectory,
  writingFile,
} from '../../src/engine/file-errors';
import { FileLedger } from '../../src/engine/ledger';
import { kiln } from '../support/kiln';
import { tempTemplate } from '../support/temp';

/**
 * A write that fails (a full disk: /dev/full answers every write with ENOSPC) names the file that
 * could not be written, as `<path>: <reason>`; Node's own message names only the system call.
 */

const FULL = '/dev/full';
const NO_SPACE = `${FULL}: no space left on device`;

describe('file-errors', () => {
  it('words what a write throws with the file it was writing', () => {
    expect(() => writingFile(FULL, () => fs.writeFileSync(FULL, 'x'))).toThrow(new Error(NO_SPACE));
    expect(() => writingFile(FULL, () => fs.appendFileSync(FULL, 'x'))).toThrow(new Error(NO_SPACE));
    // Once is enough: an error already naming its file is not named again.
    const once = fileError(FULL, new Error('ENOSPC: no space left on device, write'));
    expect(fileError('/elsewhere', once).message).toBe(NO_SPACE);
    expect(errnoText(new Error('plain words'))).toBe('plain words');
  });

  it('names the directory that could not be made', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-file-errors-'));
    try {
      fs.writeFileSync(path.join(dir, 'plain'), '');
      const target = path.join(dir, 'plain', 'sub');
      expect(() => makeDirectory(target)).toThrow(new RegExp(`^${target}: (not a directory|file exists)$`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a stream pipeline the file in its error', async () => {
    await expect(
      pipeline(Readable.from([Buffer.alloc(256 * 1024)]), createFileWriteStream(FULL)),
    ).rejects.toThrow(new Error(NO_SPACE));
  });

  it('the ledger says which ledger could not be written', () => {
    const ledger = new FileLedger(FULL, 'run-1');
    expect(() => ledger.record({ id: 'c1', kind: 'docker-container', data: {} })).toThrow(
      new Error(NO_SPACE),
    );
  });

  it('a command writing into a file that fails ends with that error instead of hanging', async () => {
    // `docker` is any program to the runner: sh stands in for `docker export` or `docker cp`.
    const out = createFileWriteStream(FULL);
    const t0 = Date.now();
    await expect(
      docker(['-c', 'head -c 50000000 /dev/zero'], {
        executable: 'sh',
        signal: new AbortController().signal,
        stdout: out,
      }),
    ).rejects.toThrow(new Error(NO_SPACE));
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('components that write files name the one they could not write', () => {
  const file = (extra: string, target = 'out.txt') =>
    `source "file" "f" {\n  content = "hello"\n  target  = "${target}"\n}\n` +
    `build {\n  sources = ["source.file.f"]\n${extra}}\n`;

  it.each([
    ['the file builder', file('', FULL)],
    ['checksum', file(`  post-processor "checksum" {\n    output = "${FULL}"\n  }\n`)],
    ['compress', file(`  post-processor "compress" {\n    output = "${FULL}"\n  }\n`)],
  ])('%s', async (_name, template) => {
    const dir = tempTemplate({ 'a.pkr.hcl': template });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(NO_SPACE);
  });

  it('manifest', async () => {
    const dir = tempTemplate({
      plain: '',
      'a.pkr.hcl': file('  post-processor "manifest" {\n    output = "plain/manifest.json"\n  }\n'),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`${path.join(dir, 'plain')}: (not a directory|file exists)`));
  });
});
