import { PassThrough, Readable } from 'stream';

import { CancelledError } from '../../../src/engine/abort';
import { RemoteDisconnectedError } from '../../../src/engine/types';
import type { PluginCommunicator } from '../../../src/plugins/clients/communicator';
import { RpcServer, RpcServerError } from '../../../src/plugins/rpc';
import { HOOK_PROVISION, type HookHandler, hookService } from '../../../src/plugins/services/hook';
import { type Progress, registerUi } from '../../../src/plugins/services/ui';
import { fakeUI } from '../../support/engine-fakes';
import { type CommandResult, fakeCommunicator } from './fake-communicator';
import { type FakePlugin, fakePlugin } from './fake-plugin';

jest.setTimeout(10_000);

const never = new AbortController().signal;

describe("Kiln's Ui, served to the plugin", () => {
  let plugin: FakePlugin;
  afterEach(() => plugin.close());

  it('maps Say, Message, Error, Machine and Ask onto the build UI, and tracks progress', async () => {
    plugin = await fakePlugin(() => ({}));
    const ui = fakeUI(['yes']);
    const machine: unknown[] = [];
    const progress: Progress[] = [];
    const server = new RpcServer();
    registerUi(server, ui, {
      onMachine: (category, args) => machine.push([category, args]),
      onProgress: (p) => progress.push(p),
    });
    const client = await plugin.dial(plugin.conn.serve(server).id);

    expect(await client.call('Ui.Say', 'Starting docker container...')).toBeNull();
    await client.call('Ui.Message', 'Container ID: abc');
    await client.call('Ui.Error', 'Error pulling');
    await client.call('Ui.Machine', { Category: 'artifact', Args: ['0', 'id', 'sha256:1'] });
    expect(await client.call('Ui.Ask', 'Continue?')).toBe('yes');
    expect(ui.lines).toEqual([
      'say Starting docker container...',
      'message Container ID: abc',
      'error Error pulling',
    ]);
    expect(ui.asked).toEqual(['Continue?']);
    expect(machine).toEqual([['artifact', ['0', 'id', 'sha256:1']]]);
    // No terminal: the answer is undefined, the plugin gets Packer's error.
    await expect(client.call('Ui.Ask', 'Again?')).rejects.toThrow(
      new RpcServerError('Ui.Ask', 'no available tty'),
    );

    const id = (await client.call('Ui.NewTrackProgress', {
      Src: 'https://example.com/disk.iso',
      TotalSize: 100,
      CurrentSize: 10,
    })) as string;
    expect(id).toMatch(/^https:\/\/example\.com\/disk\.iso[A-Za-z0-9]{6}$/);
    // The tracker is a service named Ui<id> (dots and all): net/rpc splits at the last dot.
    await client.call(`Ui${id}.Add`, 40);
    await client.call(`Ui${id}.Add`, 50);
    await client.call(`Ui${id}.Close`, null);
    expect(progress.map((p) => [p.current, p.done])).toEqual([
      [10, false],
      [50, false],
      [100, false],
      [100, true],
    ]);
    expect(progress[0]).toMatchObject({ src: 'https://example.com/disk.iso', total: 100 });
    client.close();
  });

  it('answers Ask with "interrupted" once the build is cancelled', async () => {
    plugin = await fakePlugin(() => ({}));
    const abort = new AbortController();
    const server = new RpcServer();
    registerUi(server, fakeUI(['never read']), { signal: abort.signal });
    const client = await plugin.dial(plugin.conn.serve(server).id);
    abort.abort();
    await expect(client.call('Ui.Ask', 'Continue?')).rejects.toThrow('interrupted');
    client.close();
  });
});

describe("Kiln's Hook and the plugin's communicator", () => {
  let plugin: FakePlugin;
  afterEach(() => plugin.close());

  /** Hook.Run as the SDK's hook client makes it: the plugin serves its communicator, Kiln dials it. */
  async function hookRun(
    handler: HookHandler,
    commands: (command: string) => CommandResult,
    options: { name?: string; data?: Record<string, unknown>; files?: Record<string, Buffer> } = {},
  ) {
    plugin = await fakePlugin(() => ({}));
    const comm = fakeCommunicator(plugin.broker, commands, options.files);
    const hooks = hookService(plugin.conn.broker, { [HOOK_PROVISION]: handler });
    const server = new RpcServer();
    server.register('Hook', hooks.service);
    const hook = await plugin.dial(plugin.conn.serve(server).id);
    const streamId = plugin.serve({ Communicator: comm.service });
    const result = hook.call('Hook.Run', {
      Name: options.name ?? HOOK_PROVISION,
      Data: options.data ?? { ID: 'c0ffee', ConnType: 'docker' },
      StreamId: streamId,
    });
    return { result, hook, hooks, log: comm.log };
  }

  /** Runs `body` as the provisioner of a Hook.Run and returns what it returned. */
  async function provisionWith<T>(
    body: (comm: PluginCommunicator, data: Record<string, string>) => Promise<T>,
    commands: (command: string) => CommandResult = () => ({ status: 0 }),
    files?: Record<string, Buffer>,
  ) {
    let value: T | undefined;
    const run = await hookRun(
      async (comm, data) => {
        value = await body(comm, data);
      },
      commands,
      { files, data: { ID: 'c0ffee', ConnType: 'ssh', Port: 22, SSHAgentAuth: false, Password: null } },
    );
    await run.result;
    run.hooks.dispose();
    return { value: value as T, log: run.log };
  }

  it('hands the provisioner the plugin communicator and the hook data as build values', async () => {
    const { value } = await provisionWith(async (comm, data) => ({ type: comm.type, data }));
    expect(value).toEqual({
      type: 'ssh',
      data: { ID: 'c0ffee', ConnType: 'ssh', Port: '22', SSHAgentAuth: 'false', Password: '' },
    });
  });

  it('runs a command: output streamed, exit status from the gob CommandFinished, stdin sent', async () => {
    const { value, log } = await provisionWith(
      async (comm) => {
        const out: string[] = [];
        const err: string[] = [];
        const r1 = await comm.start(
          {
            command: 'make',
            onStdout: (c) => void out.push(c.toString()),
            onStderr: (c) => void err.push(c.toString()),
          },
          never,
        );
        const r2 = await comm.start({ command: 'cat', stdin: Readable.from([Buffer.from('input')]) }, never);
        return { r1, r2, out: out.join(''), err: err.join('') };
      },
      (command) => (command === 'make' ? { out: 'built\n', err: 'warned\n', status: 2 } : { status: 0 }),
    );
    expect(value).toEqual({ r1: { exitStatus: 2 }, r2: { exitStatus: 0 }, out: 'built\n', err: 'warned\n' });
    // Ids in the SDK's order; 0 for the streams Kiln did not ask for.
    expect(log.starts[0]).toEqual({
      Command: 'make',
      StdinStreamId: 0,
      StdoutStreamId: expect.any(Number),
      StderrStreamId: expect.any(Number),
      ResponseStreamId: expect.any(Number),
    });
    const s = log.starts[0] as Record<string, number>;
    expect(s.StdoutStreamId < s.StderrStreamId && s.StderrStreamId < s.ResponseStreamId).toBe(true);
    expect(log.starts[1]).toMatchObject({ Command: 'cat', StdoutStreamId: 0, StderrStreamId: 0 });
    expect(log.stdin).toEqual(['input']);
  });

  it('reports a dropped connection (CmdDisconnect, or no status at all) as RemoteDisconnectedError', async () => {
    const { value } = await provisionWith(
      async (comm) => [
        await comm.start({ command: 'reboot' }, never).catch((e: Error) => e),
        await comm.start({ command: 'broken' }, never).catch((e: Error) => e),
      ],
      (command) => (command === 'reboot' ? { status: 2300218 } : {}),
    );
    expect(value[0]).toBeInstanceOf(RemoteDisconnectedError);
    expect(value[1]).toBeInstanceOf(RemoteDisconnectedError);
    expect((value[1] as Error).message).toBe(
      "broken: the plugin's communicator ended without an exit status",
    );
  });

  it('gives up a running command at once when the build is cancelled', async () => {
    const abort = new AbortController();
    const { value } = await provisionWith(
      async (comm) => {
        const started = Date.now();
        setTimeout(() => abort.abort(), 50);
        const e = await comm
          .start({ command: 'sleep', onStdout: () => undefined }, abort.signal)
          .catch((err: Error) => err);
        return { e, ms: Date.now() - started };
      },
      () => ({ status: 0, delayMs: 1000 }),
    );
    expect(value.e).toBeInstanceOf(CancelledError);
    expect(value.ms).toBeLessThan(500);
  });

  it("uploads with the SDK's fileInfo: size and mode, spooled when only the mode is known, none without either", async () => {
    const data = Buffer.alloc(200_000, 7);
    const { log } = await provisionWith(async (comm) => {
      await comm.upload('/etc/a.conf', Readable.from([data]), { size: data.length, mode: 0o600 }, never);
      await comm.upload(
        '/usr/local/bin/script',
        Readable.from([Buffer.from('#!/bin/sh\n')]),
        { mode: 0o755 },
        never,
      );
      await comm.upload('/tmp/plain', Readable.from([Buffer.from('x')]), {}, never);
    });
    expect(log.uploads.map((u) => u.args)).toEqual([
      {
        Path: '/etc/a.conf',
        ReaderStreamId: expect.any(Number),
        FileInfo: { N: 'a.conf', S: 200_000, M: 0o600 },
      },
      {
        Path: '/usr/local/bin/script',
        ReaderStreamId: expect.any(Number),
        FileInfo: { N: 'script', S: 10, M: 0o755 },
      },
      { Path: '/tmp/plain', ReaderStreamId: expect.any(Number), FileInfo: null },
    ]);
    expect(log.uploads[0].data.equals(data)).toBe(true);
    expect(log.uploads[1].data.toString()).toBe('#!/bin/sh\n');
  });

  it("downloads into the destination; the plugin's errors come back as its text", async () => {
    const big = Buffer.alloc(500_000, 3);
    const { value } = await provisionWith(
      async (comm) => {
        const sink = new PassThrough();
        const chunks: Buffer[] = [];
        sink.on('data', (c: Buffer) => chunks.push(c));
        await comm.download('/var/log/big', sink, never);
        const missing = await comm.download('/nope', new PassThrough(), never).catch((e: Error) => e.message);
        const denied = await comm
          .upload('/denied/x', Readable.from([Buffer.from('x')]), { size: 1 }, never)
          .catch((e: Error) => e.message);
        const dir = await comm
          .downloadDir('/etc', '/tmp/etc', ['*.bak'], never)
          .catch((e: Error) => e.message);
        await comm.uploadDir('/opt', '/src/', ['.git'], never);
        return { got: Buffer.concat(chunks), missing, denied, dir };
      },
      () => ({ status: 0 }),
      { '/var/log/big': big },
    );
    expect(value.got.equals(big)).toBe(true);
    expect(value.missing).toBe('Error downloading file: no such file /nope');
    expect(value.denied).toBe("Failed to upload to '/denied/x'");
    expect(value.dir).toBe('DownloadDir is not implemented for fake');
  });

  it("reports Kiln's own failing source or destination as such, not as the broken stream", async () => {
    const { value } = await provisionWith(
      async (comm) => {
        const source = new Readable({ read: () => undefined });
        source.push(Buffer.alloc(1000));
        setTimeout(() => source.destroy(new Error('EIO: disk read failed')), 20);
        const upload = await comm
          .upload('/tmp/x', source, { size: 5000 }, never)
          .catch((e: Error) => e.message);
        const sink = new PassThrough({ highWaterMark: 1 });
        sink.once('data', () => sink.destroy(new Error('ENOSPC: no space left on device')));
        const download = await comm.download('/big', sink, never).catch((e: Error) => e.message);
        const start = await comm
          .start(
            {
              command: 'talk',
              onStdout: () => {
                throw new Error('output closed');
              },
            },
            never,
          )
          .catch((e: Error) => e.message);
        return { upload, download, start };
      },
      () => ({ out: 'words', status: 0 }),
      { '/big': Buffer.alloc(300_000, 1) },
    );
    expect(value).toEqual({
      upload: 'EIO: disk read failed',
      download: 'ENOSPC: no space left on device',
      start: 'output closed',
    });
  });

  it('passes directory transfers as the SDK does: local paths, for the plugin to read or write', async () => {
    const { log } = await provisionWith(async (comm) => {
      await comm.uploadDir('/opt', '/src/', ['.git'], never);
      await comm.downloadDir('/etc', '/tmp/etc', [], never).catch(() => undefined);
    });
    expect(log.dirs).toEqual([
      { method: 'UploadDir', args: { Dst: '/opt', Src: '/src/', Exclude: ['.git'] } },
      { method: 'DownloadDir', args: { Dst: '/tmp/etc', Src: '/etc', Exclude: [] } },
    ]);
  });

  it("returns the provisioner's failure as Hook.Run's error; a hook without a handler does nothing", async () => {
    const failing = await hookRun(
      () => Promise.reject(new Error('Script exited with non-zero exit status: 1')),
      () => ({}),
    );
    await expect(failing.result).rejects.toThrow(
      new RpcServerError('Hook.Run', 'Script exited with non-zero exit status: 1'),
    );
    failing.hooks.dispose();
    plugin.close();
    const other = await hookRun(
      () => Promise.reject(new Error('not called')),
      () => ({}),
      { name: 'packer_other' },
    );
    expect(await other.result).toBeNull();
    other.hooks.dispose();
  });

  it('Hook.Cancel (the plugin cancelled) aborts what the provisioner was given', async () => {
    let seen: AbortSignal | undefined;
    const run = await hookRun(
      (_comm, _data, signal) =>
        new Promise<void>((_resolve, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(new CancelledError()));
        }),
      () => ({}),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(seen?.aborted).toBe(false);
    expect(await run.hook.call('Hook.Cancel', null)).toBeNull();
    await expect(run.result).rejects.toThrow('Build was cancelled.');
    expect(seen?.aborted).toBe(true);
    run.hooks.dispose();
  });
});
