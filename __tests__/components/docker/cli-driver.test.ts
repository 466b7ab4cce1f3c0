import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CliDockerDriver } from '../../../src/components/docker/cli-driver';
import type { ContainerConfig } from '../../../src/components/docker/driver';

/**
 * The CLI driver's command lines, against a stand-in `docker` (a shell script that logs its
 * arguments, one per line, and answers as its first argument says): the arguments are the ones the
 * docker builder always ran.
 */

let dir: string;
let log: string;
let executable: string;
const signal = new AbortController().signal;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-cli-driver-'));
  log = path.join(dir, 'args.log');
  executable = path.join(dir, 'fake-docker');
  fs.writeFileSync(
    executable,
    [
      '#!/bin/sh',
      `for a in "$@"; do printf '%s\\n' "$a" >> '${log}'; done`,
      `printf '<end>\\n' >> '${log}'`,
      'case "$1" in',
      '  build) printf "sha256:built\\n" > "$3" ;;',
      '  image) echo \'sha256:abc "app" busybox@sha256:d1 busybox@sha256:d2 \' ;;',
      '  run) echo c0ffee ;;',
      '  commit) echo sha256:img ;;',
      '  inspect) echo app ;;',
      '  rmi) echo "Error: No such image: $2" >&2; exit 1 ;;',
      '  export) printf "tar bytes" ;;',
      '  pull) echo "layer 1"; echo "done" ;;',
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => fs.rmSync(log, { force: true }));

/** Each command run since the test started, as its argument list. */
function commands(): string[][] {
  const lines = fs.readFileSync(log, 'utf8').split('\n');
  const out: string[][] = [];
  let cur: string[] = [];
  for (const l of lines.slice(0, -1)) {
    if (l === '<end>') {
      out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  return out;
}

const CONFIG: ContainerConfig = {
  name: 'kiln-run-abc',
  privileged: true,
  platform: 'linux/amd64',
  capAdd: ['NET_ADMIN'],
  capDrop: ['MKNOD'],
  tmpfs: ['/run'],
  devices: ['/dev/fuse'],
  runtime: 'runsc',
  volumes: [
    ['/data', '/mnt/data'],
    ['/tmp/shared', '/packer-files'],
  ],
  runCommand: ['-d', '-i', '-t', '--entrypoint=/bin/sh', '--', 'busybox'],
};

describe('the docker CLI driver', () => {
  it('starts a container with every option, in the order the builder always passed them', async () => {
    const driver = new CliDockerDriver(executable, '', dir);
    const expected = [
      'run',
      '--name',
      'kiln-run-abc',
      '--privileged',
      '--platform',
      'linux/amd64',
      '--cap-add',
      'NET_ADMIN',
      '--cap-drop',
      'MKNOD',
      '--tmpfs',
      '/run',
      '--device',
      '/dev/fuse',
      '--runtime',
      'runsc',
      '-v',
      '/data:/mnt/data',
      '-v',
      '/tmp/shared:/packer-files',
      '-d',
      '-i',
      '-t',
      '--entrypoint=/bin/sh',
      '--',
      'busybox',
    ];
    expect(driver.describeStart(CONFIG)).toBe(`${executable} ${expected.join(' ')}`);
    expect(await driver.startContainer(CONFIG, signal)).toBe('c0ffee');
    expect(commands()).toEqual([expected]);
  });

  it('commits with changes, author and message; builds with --iidfile and --force-rm', async () => {
    const driver = new CliDockerDriver(executable, '', dir);
    expect(await driver.commit('c0ffee', { changes: ['ENV A b'], author: 'me', message: 'm' }, signal)).toBe(
      'sha256:img',
    );
    expect(await driver.commit('c0ffee', { changes: [], author: '', message: '' }, signal)).toBe(
      'sha256:img',
    );
    const built = await driver.buildImage(['-f', '/x/Dockerfile', '/x'], signal);
    expect(built).toMatchObject({ code: 0, imageId: 'sha256:built' });
    expect(commands()).toEqual([
      ['commit', '--change', 'ENV A b', '--author', 'me', '--message', 'm', 'c0ffee'],
      ['commit', 'c0ffee'],
      [
        'build',
        '--iidfile',
        path.join(dir, 'docker-build-image-id'),
        '--force-rm',
        '-f',
        '/x/Dockerfile',
        '/x',
      ],
    ]);
  });

  it('pulls (with the platform) passing progress on; inspects the source image and the container user', async () => {
    const driver = new CliDockerDriver(executable, '', dir);
    const progress: string[] = [];
    await driver.pull('busybox', 'linux/arm64', signal, (t) => progress.push(t));
    await driver.pull('busybox', '', signal, () => undefined);
    expect(progress.join('\n')).toBe('layer 1\ndone');
    expect(await driver.inspectImage('busybox', signal)).toEqual({
      ok: true,
      id: 'sha256:abc',
      user: 'app',
      digest: 'busybox@sha256:d1',
      stderr: '',
    });
    expect(await driver.containerUser('c0ffee', signal)).toBe('app');
    expect(commands()).toEqual([
      ['pull', '--platform', 'linux/arm64', 'busybox'],
      ['pull', 'busybox'],
      [
        'image',
        'inspect',
        '--format',
        '{{.Id}} {{json .Config.User}} {{range .RepoDigests}}{{.}} {{end}}',
        'busybox',
      ],
      ['inspect', '--format', '{{.Config.User}}', 'c0ffee'],
    ]);
  });

  it('exports into a stream; an image already gone is "gone"; a program that cannot run says so', async () => {
    const driver = new CliDockerDriver(executable, '', dir);
    const file = path.join(dir, 'out.tar');
    const out = fs.createWriteStream(file);
    await driver.exportContainer('c0ffee', out, signal);
    await new Promise((resolve) => out.end(resolve));
    expect(fs.readFileSync(file, 'utf8')).toBe('tar bytes');
    expect(await driver.removeImage('sha256:x', signal)).toBe('gone');
    const missing = new CliDockerDriver(path.join(dir, 'no-such-docker'), '', dir);
    const info = await missing.inspectImage('busybox', signal);
    expect(info.ok).toBe(false);
    expect(info.stderr).toMatch(/^cannot run .*no-such-docker/);
  });

  it('logs in with the password on stdin, and out again', async () => {
    const driver = new CliDockerDriver(executable, '', dir);
    await driver.login('registry.example', 'u', 'secret', signal);
    expect((await driver.logout('registry.example')).code).toBe(0);
    expect(commands()).toEqual([
      ['login', '-u', 'u', '--password-stdin', 'registry.example'],
      ['logout', 'registry.example'],
    ]);
  });
});
