import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { sweepDebugKeyFile } from '../../../src/communicators/ssh/debug-key-sweep';
import {
  dockerHostProblem,
  sweepDockerContainer,
  sweepDockerImage,
} from '../../../src/components/docker/sweep';

/**
 * A ledger entry says what to delete, never which program deletes it: the docker sweepers run
 * `docker` whatever an entry says, refuse entries that name another program (older Kiln versions
 * recorded the executable; a planted ledger can name anything), and check the rest of the entry.
 */

describe('the docker sweepers refuse entries that are not what a build records', () => {
  let dir: string;
  let marker: string;
  let program: string;
  const signal = new AbortController().signal;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-docker-sweep-'));
    marker = path.join(dir, 'ran');
    program = path.join(dir, 'evil.sh');
    fs.writeFileSync(program, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('never runs the program an old-format entry names, and says why', async () => {
    const resource = {
      id: 'kiln-run-abc',
      kind: 'docker-container',
      data: { dockerHost: '', executable: program },
    };
    await expect(sweepDockerContainer(resource, signal, {})).rejects.toThrow(
      `the ledger entry names a program to run (${JSON.stringify(program)}); Kiln no longer runs programs a ` +
        'ledger names (an entry of an older Kiln, or one planted). Remove the container by hand if it still ' +
        'exists, then delete the ledger.',
    );
    await expect(
      sweepDockerImage({ ...resource, id: 'sha256:0123', kind: 'docker-image' }, signal, {}),
    ).rejects.toThrow('Remove the image by hand');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('refuses ids docker would read as options, and hosts that are not Docker hosts', async () => {
    await expect(
      sweepDockerContainer({ id: '--help', kind: 'docker-container', data: {} }, signal, {}),
    ).rejects.toThrow('the ledger entry\'s id "--help" is not a docker name or ID');
    await expect(
      sweepDockerContainer(
        { id: 'kiln-x', kind: 'docker-container', data: { dockerHost: 'ssh://-oProxyCommand=touch' } },
        signal,
        {},
      ),
    ).rejects.toThrow('is not a host name');
    expect(dockerHostProblem('')).toBeUndefined();
    expect(dockerHostProblem('unix:///run/docker.sock')).toBeUndefined();
    expect(dockerHostProblem('tcp://127.0.0.1:2375')).toBeUndefined();
    expect(dockerHostProblem('ssh://me@host:22')).toBeUndefined();
    expect(dockerHostProblem('http://x')).toBe('uses the scheme http, which is not a Docker host');
    expect(dockerHostProblem('/run/docker.sock')).toBe('is not a URL');
  });
});

describe('the -debug key file sweeper', () => {
  let dir: string;
  const signal = new AbortController().signal;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-debug-key-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes a private key file and nothing else', async () => {
    const key = path.join(dir, 'ec2_box.pem');
    fs.writeFileSync(key, '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n', { mode: 0o600 });
    const other = path.join(dir, 'notes.txt');
    fs.writeFileSync(other, 'precious');
    const sweep = (id: string) => sweepDebugKeyFile({ id, kind: 'ssh-debug-key', data: {} }, signal, {});
    await expect(sweep(other)).rejects.toThrow(
      `refusing to delete ${other}: it is not a debug key file Kiln wrote`,
    );
    await expect(sweep(dir)).rejects.toThrow('it is not a debug key file Kiln wrote');
    fs.symlinkSync(key, path.join(dir, 'link.pem'));
    await expect(sweep(path.join(dir, 'link.pem'))).rejects.toThrow('it is not a debug key file Kiln wrote');
    expect(await sweep(key)).toBe('deleted');
    expect(await sweep(key)).toBe('gone');
    expect(fs.existsSync(other)).toBe(true);
  });
});
