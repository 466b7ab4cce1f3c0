import * as fs from 'fs';
import * as path from 'path';

import { DockerCommunicator } from '../../src/communicators/docker/communicator';
import { describeWithDocker, docker, dockerOut } from '../support/services';
import { tempDir } from '../support/temp';

/**
 * The docker communicator's directory downloads: `docker cp` unpacks the tree itself when nothing is
 * excluded, and the archive is unpacked here (to leave the excluded names out) otherwise; both give
 * the same tree, for `dir` (the directory itself) and `dir/` (what is inside it) alike.
 */

jest.setTimeout(60_000);

const IMAGE = 'kiln-test/busybox:latest';

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else out.push(`${r}: ${fs.readFileSync(path.join(d, e.name), 'utf8').trim()}`);
    }
  };
  walk(dir, '');
  return out;
}

describeWithDocker('docker communicator downloads of directories', IMAGE, () => {
  let container = '';
  let communicator: DockerCommunicator;
  const signal = new AbortController().signal;

  beforeAll(() => {
    container = dockerOut('run', '-d', IMAGE, 'sleep', '300');
    const made = docker(
      'exec',
      container,
      'sh',
      '-c',
      'mkdir -p /src/tree/sub /src/tree/skip && echo top > /src/tree/top.txt && echo deep > /src/tree/sub/deep.txt && echo no > /src/tree/skip/x.txt',
    );
    expect(made.status).toBe(0);
    communicator = new DockerCommunicator(container);
  });
  afterAll(() => {
    if (container) docker('rm', '-f', container);
  });

  it.each([
    ['/src/tree', ['tree/skip/x.txt: no', 'tree/sub/deep.txt: deep', 'tree/top.txt: top']],
    ['/src/tree/', ['skip/x.txt: no', 'sub/deep.txt: deep', 'top.txt: top']],
  ])('%s: the same tree through docker cp and through the unpacker', async (source, expected) => {
    const direct = tempDir('kiln-docker-dl-');
    await communicator.downloadDir(source, direct, [], signal);
    expect(listing(direct)).toEqual(expected);

    const unpacked = tempDir('kiln-docker-dl-');
    await communicator.downloadDir(source, unpacked, ['skip'], signal);
    expect(listing(unpacked)).toEqual(expected.filter((e) => !e.includes('skip/')));
  });

  it('reports a directory that is not there', async () => {
    await expect(communicator.downloadDir('/nope/', tempDir('kiln-docker-dl-'), [], signal)).rejects.toThrow(
      'download of /nope/ failed',
    );
  });
});
