import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, Readable, type Writable } from 'stream';

import { CancelledError } from '../../../src/engine/abort';
import {
  type Communicator,
  type FileMode,
  type RemoteCommand,
  RemoteDisconnectedError,
} from '../../../src/engine/types';
import { readArtifact } from '../../../src/plugins/clients/artifact';
import { PluginCommunicator } from '../../../src/plugins/clients/communicator';
import { RpcServer, RpcServerError } from '../../../src/plugins/rpc';
import { artifactService } from '../../../src/plugins/services/artifact';
import { communicatorService, fileModeOf } from '../../../src/plugins/services/communicator';
import { tempDir } from '../../support/temp';
import { type FakePlugin, fakePlugin } from './fake-plugin';

/**
 * Kiln's Communicator and Artifact served to a plugin (services/communicator.ts, artifact.ts),
 * against a fake engine Communicator. The plugin's side is Kiln's own client of the same protocol
 * (clients/communicator.ts, proven against the real docker plugin), running on the fake plugin's
 * broker as the SDK's rpc.communicator client does: it names the stream ids, accepts them, and
 * Kiln's server dials them.
 */

jest.setTimeout(10_000);

const never = new AbortController().signal;

interface Recorded {
  commands: { command: string; stdin?: string; aborted?: boolean }[];
  uploads: { destination: string; data: string; mode: FileMode }[];
  dirs: string[];
}

/** An engine Communicator in memory: `run` answers each command. */
function memoryCommunicator(
  run: (command: string, signal: AbortSignal) => Promise<{ out?: string; err?: string; status: number }>,
  files: Record<string, string> = {},
): { comm: Communicator; recorded: Recorded } {
  const recorded: Recorded = { commands: [], uploads: [], dirs: [] };
  const read = async (stream: Readable): Promise<string> => {
    let text = '';
    for await (const c of stream) text += (c as Buffer).toString('utf8');
    return text;
  };
  const comm: Communicator = {
    type: 'memory',
    async start(cmd: RemoteCommand, signal) {
      const entry: Recorded['commands'][number] = { command: cmd.command };
      recorded.commands.push(entry);
      if (cmd.stdin) entry.stdin = await read(cmd.stdin);
      signal.addEventListener('abort', () => (entry.aborted = true));
      const r = await run(cmd.command, signal);
      if (r.out) await cmd.onStdout?.(Buffer.from(r.out));
      if (r.err) await cmd.onStderr?.(Buffer.from(r.err));
      return { exitStatus: r.status };
    },
    async upload(destination, source, mode) {
      const data = await read(source);
      if (destination.startsWith('/denied/')) throw new Error(`scp: ${destination}: Permission denied`);
      recorded.uploads.push({ destination, data, mode });
    },
    async download(file, destination: Writable) {
      const content = files[file];
      if (content === undefined) throw new Error(`scp: ${file}: No such file or directory`);
      destination.write(content);
    },
    uploadDir(destination, source, exclude) {
      recorded.dirs.push(`up ${source} -> ${destination} [${exclude.join(',')}]`);
      return Promise.resolve();
    },
    downloadDir(source, destination, exclude) {
      recorded.dirs.push(`down ${source} -> ${destination} [${exclude.join(',')}]`);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { comm, recorded };
}

describe("Kiln's Communicator, served to a plugin", () => {
  let plugin: FakePlugin;
  afterEach(() => plugin.close());

  /** The plugin's view of what Kiln serves: a communicator client on the plugin's broker. */
  async function served(comm: Communicator, opts: { signal?: AbortSignal; errors?: string[] } = {}) {
    plugin = await fakePlugin(() => ({}));
    const server = new RpcServer();
    server.register(
      'Communicator',
      communicatorService(plugin.conn.broker, comm, {
        signal: opts.signal ?? never,
        onError: (m) => opts.errors?.push(m),
      }),
    );
    const client = await plugin.dial(plugin.conn.serve(server).id);
    return new PluginCommunicator(client, plugin.broker);
  }

  async function run(remote: PluginCommunicator, command: string, stdin?: string) {
    let out = '';
    let err = '';
    const r = await remote.start(
      {
        command,
        ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
        onStdout: (c) => void (out += c.toString()),
        onStderr: (c) => void (err += c.toString()),
      },
      never,
    );
    return { status: r.exitStatus, out, err };
  }

  it("runs commands: the plugin's stdin reaches the command, output and exit status reach the plugin", async () => {
    const { comm, recorded } = memoryCommunicator(async (command) =>
      command === 'make' ? { out: 'built\n', err: 'warned\n', status: 2 } : { out: 'ok\n', status: 0 },
    );
    const remote = await served(comm);
    expect(await run(remote, 'make', 'input data')).toEqual({ status: 2, out: 'built\n', err: 'warned\n' });
    expect(await run(remote, 'true')).toEqual({ status: 0, out: 'ok\n', err: '' });
    // A large output passes whole, through the streams' flow control.
    const big = 'x'.repeat(600_000);
    const { comm: bigComm } = memoryCommunicator(async () => ({ out: big, status: 0 }));
    plugin.close();
    const bigRemote = await served(bigComm);
    expect((await run(bigRemote, 'cat big')).out.length).toBe(big.length);
    expect(recorded.commands.map((c) => [c.command, c.stdin])).toEqual([
      ['make', 'input data'],
      ['true', undefined],
    ]);
  });

  it("gives the SDK's CmdDisconnect for a dropped connection, and no status (reported) for a failure", async () => {
    const errors: string[] = [];
    const { comm } = memoryCommunicator(async (command) => {
      if (command === 'reboot') throw new RemoteDisconnectedError();
      throw new Error('docker exec: container not running');
    });
    const remote = await served(comm, { errors });
    // The client reads 2300218 as a disconnect; no status at all is also one to it (the SDK: 123).
    await expect(remote.start({ command: 'reboot' }, never)).rejects.toThrow(new RemoteDisconnectedError());
    await expect(remote.start({ command: 'ls' }, never)).rejects.toThrow(
      "ls: the plugin's communicator ended without an exit status",
    );
    expect(errors).toEqual(['ls: docker exec: container not running']);
  });

  it('aborts the commands in flight when its signal aborts', async () => {
    const abort = new AbortController();
    const { comm, recorded } = memoryCommunicator(
      (_command, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new CancelledError()), { once: true }),
        ),
    );
    const remote = await served(comm, { signal: abort.signal });
    const started = remote.start({ command: 'sleep 60' }, never);
    await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    await expect(started).rejects.toThrow(RemoteDisconnectedError);
    expect(recorded.commands[0].aborted).toBe(true);
  });

  it("uploads with the plugin's file mode and size, downloads, and passes directory transfers on", async () => {
    const { comm, recorded } = memoryCommunicator(async () => ({ status: 0 }), {
      '/etc/hostname': 'box\n',
    });
    const remote = await served(comm);
    await remote.upload(
      '/tmp/a.sh',
      Readable.from([Buffer.from('#!/bin/sh\n')]),
      { mode: 0o750, size: 10 },
      never,
    );
    expect(recorded.uploads).toEqual([
      { destination: '/tmp/a.sh', data: '#!/bin/sh\n', mode: { mode: 0o750, size: 10 } },
    ]);
    const sink = new PassThrough();
    let got = '';
    sink.on('data', (c: Buffer) => (got += c.toString()));
    await remote.download('/etc/hostname', sink, never);
    expect(got).toBe('box\n');
    await remote.uploadDir('/srv', '/local/dir/', ['.git'], never);
    await remote.downloadDir('/var/log', '/local/logs', [], never);
    // The SDK's DownloadDir sends {Dst, Src}; the server swaps them back into (src, dst).
    expect(recorded.dirs).toEqual(['up /local/dir/ -> /srv [.git]', 'down /var/log -> /local/logs []']);
  });

  it("returns the engine communicator's transfer errors as the call's error", async () => {
    const { comm } = memoryCommunicator(async () => ({ status: 0 }));
    const remote = await served(comm);
    const local = tempDir('kiln-served-');
    fs.writeFileSync(path.join(local, 'f'), 'data');
    await expect(
      remote.upload('/denied/f', fs.createReadStream(path.join(local, 'f')), { size: 4 }, never),
    ).rejects.toThrow(new RpcServerError('Communicator.Upload', 'scp: /denied/f: Permission denied'));
    await expect(remote.download('/missing', new PassThrough(), never)).rejects.toThrow(
      'scp: /missing: No such file or directory',
    );
  });

  it("reads Go's os.FileMode: permission bits, setuid/setgid/sticky, the size", () => {
    expect(fileModeOf({ N: 'a', S: 12, M: 0o644 })).toEqual({ mode: 0o644, size: 12 });
    expect(fileModeOf({ N: 'a', S: 0, M: (1 << 23) | (1 << 20) | 0o755 })).toEqual({ mode: 0o5755, size: 0 });
    expect(fileModeOf(null)).toEqual({});
  });
});

describe("Kiln's Artifact, served to a plugin post-processor", () => {
  let plugin: FakePlugin;
  afterEach(() => plugin.close());

  it('answers BuilderId, Id, Files, String and State; Destroy errors travel in the reply', async () => {
    plugin = await fakePlugin(() => ({}));
    let destroyed = 0;
    const server = new RpcServer();
    server.register(
      'Artifact',
      artifactService({
        builderId: 'packer.docker',
        id: 'sha256:1',
        files: ['/out/a.tar'],
        description: 'Imported Docker image: sha256:1',
        state: { generated_data: { ImageSha256: 'sha256:1' }, docker_tags: ['a:b'] },
        destroy: () => {
          destroyed++;
          return destroyed === 1 ? Promise.resolve() : Promise.reject(new Error('image is in use'));
        },
      }),
    );
    const client = await plugin.dial(plugin.conn.serve(server).id);
    const read = await readArtifact(client);
    expect([read.builderId, read.id, read.files, read.description]).toEqual([
      'packer.docker',
      'sha256:1',
      ['/out/a.tar'],
      'Imported Docker image: sha256:1',
    ]);
    expect(read.state).toEqual({ generated_data: { ImageSha256: 'sha256:1' }, docker_tags: ['a:b'] });
    expect(await read.stateOf('nothing')).toBeNull();
    await read.destroy();
    await expect(read.destroy()).rejects.toThrow(new RpcServerError('Artifact.Destroy', 'image is in use'));
    expect(destroyed).toBe(2);
    read.release();
  });
});
